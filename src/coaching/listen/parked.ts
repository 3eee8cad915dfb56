/**
 * A flow is never left without a word. When a message's question or button starts fixing a date ("Shall we pick a
 * date?" answered with "Thursday 7 January at 14:00", "We moved it to Friday", the "Plan the next conversation"
 * button) or wrapping up a conversation ("Did it take place?" answered with "Yes, we met", the "Wrap up" button)
 * while another flow is open — an agreement half written, a preparation — that flow is parked: the person is told so
 * in one line, the date is fixed or the conversation wrapped up, and then the parked flow's question is asked again
 * ("Back to where we were"). Leaving the date or the wrap-up for now (`stop`) goes back to it too.
 *
 * The parked frame travels with the dialog values under PARKED_KEY, beside the frame of whatever runs meanwhile (the
 * wrap-up passes through an agreement and the date before its evaluation); flows never see it (the decider takes it
 * out first), so their values and stamps are unchanged. It is asked again as soon as no flow is open any more.
 */
import { z } from 'zod';
import type { DialogFrame, DialogState } from '../../core/dialog.js';
import type { MessageKey } from '../../i18n/index.js';
import type { Effect } from '../effects.js';
import type { Decided, Flow, FlowContext } from '../flow.js';
import { keepStamp } from '../flows/stamp.js';
import { ASKED_KEY } from './reply.answer.js';

/** Where the parked frame travels: in the dialog values, beside the frame of the flow that parked it. */
export const PARKED_KEY = 'parked';

/** The flows that park what was open, and the line that says so. */
const PARKING: Readonly<Record<string, MessageKey>> = {
  session: 'reply.parked', // fixing a date
  after: 'reply.parked.wrapUp', // wrapping up a conversation
  callOff: 'reply.parked.callOff', // "Call off the conversation of …?"
};

/** What is said when a parked flow was about the conversation just called off, so it is not asked again. */
const SET_ASIDE: Readonly<Record<string, MessageKey>> = {
  prepare: 'reply.setAside.prepare',
};

export const parkedSchema = z.object({
  flow: z.string(),
  step: z.string().nullable(),
  values: z.record(z.string(), z.unknown()),
  attempts: z.number(),
});
export type Parked = z.infer<typeof parkedSchema>;

/** The parked frame in stored dialog values, if any (a malformed one is dropped, never half-read). */
export const parkedIn = (values: Readonly<Record<string, unknown>>): Parked | undefined =>
  parkedSchema.safeParse(values[PARKED_KEY]).data;

/** The values without the parked frame: what flows see. */
export function withoutParked(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { [PARKED_KEY]: _parked, ...rest } = values;
  return rest;
}

const withParked = (frame: DialogFrame, parked: Parked | undefined): DialogFrame =>
  parked ? { ...frame, values: { ...frame.values, [PARKED_KEY]: parked } } : frame;

/**
 * Does this decision start a flow that parks the one that was open? Not when it continues the same flow, nor a step
 * of one wrap-up handing over to the next (the wrap-up asking the date with `returnTo`, the date handing back).
 */
function parking(before: DialogState<Effect>, made: Decided): MessageKey | undefined {
  const open = before.flow;
  const next = made.frame.flow;
  if (open === null || next === null || open === next) return undefined;
  if (made.frame.values.returnTo !== undefined || before.values.returnTo === next) return undefined;
  return PARKING[next];
}

/**
 * Starting to fix a date or to wrap up over another open flow: that flow is parked (with whatever it had parked
 * itself), and the person is told in one line. Otherwise what was parked stays parked while a flow is open.
 */
function park(ctx: FlowContext, before: DialogState<Effect>, parked: Parked | undefined, made: Decided): Decided {
  const line = parking(before, made);
  if (!line || before.flow === null) return { ...made, frame: withParked(made.frame, parked) };
  const open: Parked = {
    flow: before.flow,
    step: before.step,
    values: parked ? { ...before.values, [PARKED_KEY]: parked } : before.values,
    attempts: before.attempts,
  };
  return { ...made, frame: withParked(made.frame, open), replies: [{ text: ctx.t(line) }, ...made.replies] };
}

/**
 * Applied to every decision (with the parked frame the decider took out of the values): parks an open flow when a
 * date is fixed or a wrap-up starts over it, keeps it parked meanwhile, and returns to it once no flow is open.
 */
export async function keepOpenFlow(
  ctx: FlowContext,
  before: DialogState<Effect>,
  parked: Parked | undefined,
  made: Decided,
  flows: ReadonlyMap<string, Flow>,
): Promise<Decided> {
  const kept = park(ctx, before, parked, made);
  if (kept.frame.flow !== null || !parked) return kept;
  const calledOff = made.effects.find((e) => e.type === 'session.cancel');
  if (calledOff?.type === 'session.cancel' && parked.values.sessionId === calledOff.sessionId)
    return setAside(ctx, kept, parked, flows);
  const flow = flows.get(parked.flow);
  return flow ? unpark(ctx, kept, parked, flow) : kept;
}

/**
 * The parked flow was about the conversation just called off (preparing it, moving it): its question no longer
 * applies, so it is set aside with a word instead of asked again; so is anything it had parked about that same
 * conversation (a preparation parked under the move), and the first parked flow about something else comes back.
 */
async function setAside(
  ctx: FlowContext,
  made: Decided,
  parked: Parked,
  flows: ReadonlyMap<string, Flow>,
): Promise<Decided> {
  const sessionId = parked.values.sessionId;
  const lines = new Set<MessageKey>();
  let next: Parked | undefined = parked;
  while (next && next.values.sessionId === sessionId) {
    lines.add(SET_ASIDE[next.flow] ?? 'reply.setAside');
    next = parkedIn(next.values);
  }
  // One line is enough: the preparation's says it all when there was one.
  const line = lines.has('reply.setAside.prepare') ? 'reply.setAside.prepare' : 'reply.setAside';
  // The decision carries the parked frame along (park keeps it): it goes, or it would come back after the next flow.
  const said: Decided = {
    ...made,
    frame: { ...made.frame, values: withoutParked(made.frame.values) },
    replies: [...made.replies, { text: ctx.t(line) }],
  };
  const flow = next ? flows.get(next.flow) : undefined;
  return next && flow ? unpark(ctx, said, next, flow) : said;
}
/** The parked frame restored and its question asked again, after what was said; what it had parked stays parked. */
async function unpark(ctx: FlowContext, made: Decided, parked: Parked, flow: Flow): Promise<Decided> {
  const frame: DialogFrame = {
    flow: parked.flow,
    step: parked.step,
    values: withoutParked(parked.values),
    attempts: 0,
  };
  const again = keepStamp(frame, await flow.handle(ctx, frame, { type: 'action', action: 'repeat', args: [] }));
  const restored = again.frame.flow === null ? again.frame : withParked(again.frame, parkedIn(parked.values));
  // Questions the decision asked outside the flow go along with the restored frame.
  const asks = made.frame.values[ASKED_KEY];
  return {
    frame: asks === undefined ? restored : { ...restored, values: { ...restored.values, [ASKED_KEY]: asks } },
    replies: [...made.replies, { text: ctx.t('reply.back') }, ...again.replies],
    effects: [...made.effects, ...again.effects],
  };
}
