/**
 * Nudges about an open agreement: to its owner before the due date, on it and after it
 * (key `agreement/{agreementId}/{due}/upcoming|followupN`, a snooze adds `@{until}`): a question, never a reproach
 * (tip 7). `agreement.due` and `agreement.overdue` are no longer planned; they are kept so that items planned by an
 * earlier version still parse (a due-day nudge renders, an overdue notice is skipped).
 *
 * Only the next message of an agreement is planned; when it has been delivered the planner plans the one after it
 * (`deliveredStep`), so pending work stays proportional to active agreements.
 */
import { z } from 'zod';
import type { DialogState } from '../../core/dialog.js';
import { safeZone } from '../../core/local-time.js';
import type { Effect } from '../effects.js';
import { entityButton, type Decided, type FlowContext } from '../flow.js';
import { roleSchema } from '../model.js';
import { roleIn, visibleAgreement } from '../queries.js';
import { daysFromToday, formatDate } from '../time.js';
import { quiet, say, type NoticeOf, type Renderers } from './notice.js';

const nudgePayload = z.object({ agreementId: z.string(), due: z.string() });
type NudgePayload = z.infer<typeof nudgePayload>;

export const agreementNudgePayloads = {
  'agreement.upcoming': nudgePayload,
  'agreement.due': nudgePayload,
  /** `followup` counts from 1. */
  'agreement.followup': nudgePayload.extend({ followup: z.number().int().positive() }),
  /** To the other person; `owner` is the owner's role. */
  'agreement.overdue': nudgePayload.extend({ owner: roleSchema }),
} as const;

export type AgreementNudge = NoticeOf<typeof agreementNudgePayloads>;

export type AgreementStep = 'upcoming' | 'due' | `followup${number}`;

/** The step a delivered nudge was (undefined for the overdue notice, which has no step after it). */
export function deliveredStep(nudge: AgreementNudge): AgreementStep | undefined {
  switch (nudge.kind) {
    case 'agreement.upcoming':
      return 'upcoming';
    case 'agreement.due':
      return 'due';
    case 'agreement.followup':
      return `followup${nudge.payload.followup}`;
    case 'agreement.overdue':
      return undefined;
  }
}

type NudgeKey = 'nudge.upcoming' | 'nudge.due' | 'nudge.followup';

/**
 * What the nudge says is chosen by the agreement's date as seen on the day it is read, in the owner's zone, not by the
 * step it was planned as: "coming up" while the date is ahead, "today" on the day, and after it the gentle check-in
 * ("how is it going? a new date is fine too"). A "coming up" that arrives after the date (the scheduler was down, the
 * dev clock jumped) is therefore a question about how it went, never "coming up" about a date that passed.
 */
export function nudgeWording(due: string, now: Date, timeZone: string): NudgeKey {
  const days = daysFromToday(due, now, timeZone);
  return days > 0 ? 'nudge.upcoming' : days === 0 ? 'nudge.due' : 'nudge.followup';
}

async function nudgeOwner(ctx: FlowContext, state: DialogState<Effect>, payload: NudgePayload): Promise<Decided> {
  const found = await visibleAgreement(ctx, payload.agreementId);
  if (!found || found.agreement.status !== 'open') return quiet(state);
  const { agreement, trajectory } = found;
  if (roleIn(trajectory, ctx.person.id) !== agreement.owner) return quiet(state);
  // Planned for a date that has since moved: the nudge for the new date is planned under its own key.
  if (payload.due !== agreement.due) return quiet(state);
  const t = ctx.t;
  // Addressed to the owner: "your agreement “…”", the exact words and date of the agreement.
  return say(state, [
    {
      text: t(nudgeWording(agreement.due, ctx.now, safeZone(ctx.person.timeZone)), {
        what: agreement.what,
        due: formatDate(agreement.due, ctx.locale),
      }),
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            entityButton('agreement.done', t('button.done'), [agreement.id], 'primary'),
            entityButton('agreement.snooze', t('button.snooze.1'), [agreement.id, '1']),
            entityButton('agreement.snooze', t('button.snooze.3'), [agreement.id, '3']),
            entityButton('agreement.snooze', t('button.snooze.7'), [agreement.id, '7']),
            entityButton('agreement.date', t('button.newDate'), [agreement.id]),
            entityButton('agreement.note', t('button.addNote'), [agreement.id]),
          ],
        },
      ],
    },
  ]);
}

export const agreementNudgeRenderers: Renderers<typeof agreementNudgePayloads> = {
  'agreement.upcoming': (ctx, state, payload) => nudgeOwner(ctx, state, payload),
  'agreement.due': (ctx, state, payload) => nudgeOwner(ctx, state, payload),
  'agreement.followup': (ctx, state, payload) => nudgeOwner(ctx, state, payload),
  // No longer planned (a notice to the other person that a date passed feels like monitoring; the coach's digest asks
  // about it instead). Items an earlier version planned are skipped quietly when they come due.
  'agreement.overdue': (_ctx, state) => Promise.resolve(quiet(state)),
};

/** A delivered outbox item read back as a nudge (null for any other kind, or a payload its schema refuses). */
export function parseAgreementNudge(kind: string, payload: unknown): AgreementNudge | null {
  switch (kind) {
    case 'agreement.upcoming':
    case 'agreement.due': {
      const parsed = nudgePayload.safeParse(payload);
      return parsed.success ? { kind, payload: parsed.data } : null;
    }
    case 'agreement.followup': {
      const parsed = agreementNudgePayloads[kind].safeParse(payload);
      return parsed.success ? { kind, payload: parsed.data } : null;
    }
    case 'agreement.overdue': {
      const parsed = agreementNudgePayloads[kind].safeParse(payload);
      return parsed.success ? { kind, payload: parsed.data } : null;
    }
    default:
      return null;
  }
}
