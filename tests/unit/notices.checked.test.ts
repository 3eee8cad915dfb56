/**
 * The domain's renderer for the scheduler: a due item is rendered only when its kind is in the catalogue and its
 * payload matches that kind's schema; anything else is logged (ids and field names only) and skipped, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { CheckedNotices } from '../../src/coaching/notices/index.js';
import { noticeProblem } from '../../src/coaching/notices/catalogue.js';
import type { ResumeEvent } from '../../src/core/events.js';
import type { Logger } from '../../src/core/logger.js';

function recordingLogger(lines: { fields: Record<string, unknown>; message: string }[]): Logger {
  const record = (fields: Record<string, unknown>, message: string): void => {
    lines.push({ fields, message });
  };
  const logger: Logger = { debug: record, info: record, warn: record, error: record, child: () => logger };
  return logger;
}

function setup() {
  const rendered: ResumeEvent[] = [];
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const notices = new CheckedNotices({
    renderer: {
      resume: async (_personId, event) => {
        rendered.push(event);
        return [{ text: `rendered ${event.kind}` }];
      },
    },
    logger: recordingLogger(lines),
  });
  return { notices, rendered, lines };
}

const event = (kind: string, payload: Record<string, unknown>): ResumeEvent => ({
  type: 'resume',
  kind,
  payload,
  key: `test/${kind}`,
});

describe('checked notices', () => {
  it('renders a notice whose payload matches its kind', async () => {
    const { notices, rendered, lines } = setup();
    const replies = await notices.resume('p1', event('agreement.due', { agreementId: 'a1', due: '2026-12-10' }));
    expect(replies).toEqual([{ text: 'rendered agreement.due' }]);
    expect(rendered.map((e) => e.kind)).toEqual(['agreement.due']);
    expect(lines).toEqual([]);
  });

  it('skips and logs a payload its schema refuses, naming the field and not its value', async () => {
    const { notices, rendered, lines } = setup();
    const replies = await notices.resume('p1', event('agreement.followup', { agreementId: 'a1', due: 7 }));
    expect(replies).toEqual([]);
    expect(rendered).toEqual([]);
    expect(lines).toEqual([
      {
        fields: {
          kind: 'agreement.followup',
          key: 'test/agreement.followup',
          problem: 'invalid_payload: due, followup',
        },
        message: 'notice cannot be rendered: skipped',
      },
    ]);
  });

  it('skips and logs a kind the catalogue does not know', async () => {
    const { notices, rendered, lines } = setup();
    expect(await notices.resume('p1', event('agreement.someday', {}))).toEqual([]);
    expect(rendered).toEqual([]);
    expect(lines[0]?.fields).toMatchObject({ kind: 'agreement.someday', problem: 'unknown_kind' });
  });

  it('knows every planned kind and checks each payload', () => {
    expect(noticeProblem('prep.invite', { sessionId: 't#1', startsAt: '2026-12-07T09:00:00.000Z' })).toBeNull();
    expect(noticeProblem('session.followup', { sessionId: 't#1', role: 'boss' })).toBe('invalid_payload: role');
    expect(noticeProblem('trajectory.ended', { trajectoryId: 't' })).toBe('invalid_payload: byId');
  });
});
