import { describe, expect, it } from 'vitest';
import { deliveryGuaranteeOf, isNoticeKind, noticePayloads } from '../../src/coaching/notices/index.js';

describe('delivery guarantees live with the notices', () => {
  it('reminders and nudges are at most once, everything else at least once', () => {
    const atMostOnce = Object.keys(noticePayloads).filter((kind) => deliveryGuaranteeOf(kind) === 'at-most-once');
    expect(atMostOnce.sort()).toEqual([
      'agreement.due',
      'agreement.followup',
      'agreement.overdue',
      'agreement.upcoming',
      'next.reminder',
      'prep.reminder',
      'session.followup',
    ]);
    expect(deliveryGuaranteeOf('digest')).toBe('at-least-once');
    expect(deliveryGuaranteeOf('no.such.kind')).toBe('at-least-once');
  });

  it('knows calendar.invite as a notice, with its payload checked', () => {
    expect(isNoticeKind('calendar.invite')).toBe(true);
    expect(deliveryGuaranteeOf('calendar.invite')).toBe('at-least-once');
    const schema = noticePayloads['calendar.invite'];
    expect(schema.safeParse({ sessionId: 's#1', sequence: 2 }).success).toBe(true);
    expect(schema.safeParse({ sessionId: 's#1' }).success).toBe(false);
  });
});
