/**
 * The one catalogue of notices: every kind the domain plans into the outbox, as one discriminated union. Each family
 * file holds, per kind, its payload schema, its planning rule and its renderer; here they are joined, and the types
 * make sure every kind has exactly one renderer (`{ [K in NoticeKind]: … }`: a missing one does not compile).
 *
 * At delivery a payload is parsed with its kind's schema: one that does not match is skipped (nothing is said), never
 * a crash. Every notice stays quiet once its trajectory has ended (only the notice that it ended is said), so an item
 * planned before the end can never reach anyone after it.
 */
import type { z } from 'zod';
import type { DeliveryGuarantee } from '../../core/delivery-guarantee.js';
import type { DialogState } from '../../core/dialog.js';
import type { ResumeHandler } from '../decider.js';
import type { Effect } from '../effects.js';
import type { AskedQuestion } from '../listen/reply.routing.js';
import type { Decided, FlowContext } from '../flow.js';
import { afterSessionPayloads, afterSessionRenderers } from './after-session.notices.js';
import { agreementNudgePayloads, agreementNudgeRenderers } from './agreement-nudge.notices.js';
import { agreementPayloads, agreementRenderers } from './agreement.notices.js';
import { calendarPayloads, calendarRenderers } from './calendar.notices.js';
import { digestPayloads, digestRenderers } from './digest.notices.js';
import { quiet, type Addressing, type NoticeOf, type NoticeRenderer } from './notice.js';
import { prepPayloads, prepRenderers } from './prep.notices.js';
import { privacyPayloads, privacyRenderers } from './privacy.notices.js';
import { sessionPayloads, sessionRenderers } from './session.notices.js';
import { trajectoryPayloads, trajectoryRenderers } from './trajectory.notices.js';

export const noticePayloads = {
  ...trajectoryPayloads,
  ...sessionPayloads,
  ...prepPayloads,
  ...digestPayloads,
  ...afterSessionPayloads,
  ...agreementPayloads,
  ...agreementNudgePayloads,
  ...privacyPayloads,
  ...calendarPayloads,
} as const;

export type NoticeKind = keyof typeof noticePayloads;
type PayloadMap = { [K in NoticeKind]: z.infer<(typeof noticePayloads)[K]> };
export type NoticePayload<K extends NoticeKind> = PayloadMap[K];

/** One notice: its kind and that kind's payload. */
export type Notice = NoticeOf<typeof noticePayloads>;
/** A notice with its outbox key, recipient and due time: what the domain plans. */
export type PlannedNotice = Notice & Addressing;

const schemas: { readonly [K in NoticeKind]: z.ZodType<PayloadMap[K]> } = noticePayloads;

const renderers: { readonly [K in NoticeKind]: NoticeRenderer<PayloadMap[K]> } = {
  ...trajectoryRenderers,
  ...sessionRenderers,
  ...prepRenderers,
  ...digestRenderers,
  ...afterSessionRenderers,
  ...agreementRenderers,
  ...agreementNudgeRenderers,
  ...privacyRenderers,
  ...calendarRenderers,
};

export const isNoticeKind = (kind: string): kind is NoticeKind => Object.hasOwn(noticePayloads, kind);

/**
 * Per kind, what a send that may already have gone out on a channel that cannot check gets (core/delivery-guarantee.ts):
 * reminders and nudges at most once, everything else at least once. A kind left out does not compile.
 */
const guarantees: { readonly [K in NoticeKind]: DeliveryGuarantee } = {
  'trajectory.invite': 'at-least-once',
  'trajectory.accepted': 'at-least-once',
  'trajectory.declined': 'at-least-once',
  'trajectory.ended': 'at-least-once',
  'session.held': 'at-least-once',
  'session.moved': 'at-least-once',
  'session.cancelled': 'at-least-once',
  'session.next': 'at-least-once',
  'evaluation.shared': 'at-least-once',
  'prep.invite': 'at-least-once',
  'prep.reminder': 'at-most-once',
  digest: 'at-least-once',
  'digest.final': 'at-least-once',
  'session.followup': 'at-most-once',
  'next.reminder': 'at-most-once',
  'agreement.proposed': 'at-least-once',
  'agreement.done': 'at-least-once',
  'agreement.accepted': 'at-least-once',
  'agreement.declined': 'at-least-once',
  'agreement.upcoming': 'at-most-once',
  'agreement.due': 'at-most-once',
  'agreement.followup': 'at-most-once',
  'agreement.overdue': 'at-most-once',
  'privacy.trajectoryRemoved': 'at-least-once',
  'calendar.invite': 'at-least-once',
};

/** The delivery guarantee of a kind; an unknown kind is sent again (at least once), as any non-reminder. */
export function deliveryGuaranteeOf(kind: string): DeliveryGuarantee {
  return isNoticeKind(kind) ? guarantees[kind] : 'at-least-once';
}

/** Why an outbox item cannot be rendered (an unknown kind, a payload its schema refuses), or null when it can. */
export function noticeProblem(kind: string, payload: unknown): string | null {
  if (!isNoticeKind(kind)) return 'unknown_kind';
  const parsed = schemas[kind].safeParse(payload);
  if (parsed.success) return null;
  return `invalid_payload: ${parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ')}`;
}

/** The trajectory a notice is about, from whichever id its payload carries. */
async function trajectoryOf(ctx: FlowContext, payload: Readonly<Record<string, unknown>>): Promise<string | undefined> {
  if (typeof payload.trajectoryId === 'string') return payload.trajectoryId;
  if (typeof payload.sessionId === 'string') return (await ctx.sessions.get(payload.sessionId))?.trajectoryId;
  if (typeof payload.agreementId === 'string') return (await ctx.agreements.get(payload.agreementId))?.trajectoryId;
  return undefined;
}

async function render<K extends NoticeKind>(
  kind: K,
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: unknown,
  key: string,
  asked: readonly AskedQuestion[],
): Promise<Decided> {
  const parsed = schemas[kind].safeParse(payload);
  if (!parsed.success) return quiet(state);
  if (kind !== 'trajectory.ended') {
    const trajectoryId = await trajectoryOf(ctx, parsed.data);
    if (trajectoryId && (await ctx.trajectories.get(trajectoryId))?.status === 'ended') return quiet(state);
  }
  return renderers[kind](ctx, state, parsed.data, key, asked);
}

/** The decider's resume handlers: one per notice kind, each parsing its payload before rendering. */
export const resumeHandlers: Readonly<Record<string, ResumeHandler>> = Object.fromEntries(
  Object.keys(noticePayloads)
    .filter(isNoticeKind)
    .map((kind): [string, ResumeHandler] => [
      kind,
      (ctx, state, payload, key, asked) => render(kind, ctx, state, payload, key, asked),
    ]),
);
