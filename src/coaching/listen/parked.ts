/**
 * A flow is never left without a word. When a message's question or button starts fixing a date ("Shall we pick a
 * date?" answered with "Thursday 7 January at 14:00", "We moved it to Friday", the "Plan the next conversation"
 * button) while another flow is open — an agreement half written, a preparation — that flow is parked: the person
 * is told so in one line, the date is asked, confirmed and saved, and then the parked flow's question is asked again
 * ("Back to where we were"). Leaving the date for now (`stop`) goes back to it too.
 */
import { z } from 'zod';
import type { DialogFrame, DialogState } from '../../core/dialog.js';
import type { Effect } from '../effects.js';
import type { Decided, Flow, FlowContext } from '../flow.js';
import { keepStamp } from '../flows/stamp.js';
import { ASKED_KEY } from './reply.answer.js';

/** Where the parked frame travels: in the values of the flow that fixes the date. */
export const PARKED_KEY = 'parked';

/** The flow that fixes a date; it parks what was open, and the after-session flow returns to itself. */
const DATE_FLOW = 'session';

export const parkedSchema = z.object({
  flow: z.string(),
  step: z.string().nullable(),
  values: z.record(z.string(), z.unknown()),
  attempts: z.number(),
});
export type Parked = z.infer<typeof parkedSchema>;

const parkedIn = (frame: DialogFrame): Parked | undefined => parkedSchema.safeParse(frame.values[PARKED_KEY]).data;

/** Starting to fix a date over another open flow: that flow is parked, and the person is told in one line. */
function park(ctx: FlowContext, before: DialogState<Effect>, made: Decided): Decided {
  const open = before.flow;
  // A date flow started over a date flow (its button pressed again) keeps what the first one had parked.
  const carried = open === DATE_FLOW && made.frame.flow === DATE_FLOW ? parkedIn(before) : undefined;
  if (carried && !parkedIn(made.frame))
    return { ...made, frame: { ...made.frame, values: { ...made.frame.values, [PARKED_KEY]: carried } } };
  const starting = made.frame.flow === DATE_FLOW && open !== null && open !== DATE_FLOW;
  if (!starting || made.frame.values.returnTo !== undefined) return made;
  const parked: Parked = { flow: open, step: before.step, values: before.values, attempts: before.attempts };
  return {
    ...made,
    frame: { ...made.frame, values: { ...made.frame.values, [PARKED_KEY]: parked } },
    replies: [{ text: ctx.t('reply.parked') }, ...made.replies],
  };
}

/** The date is fixed (or left for now): back to the parked flow, its question asked again. */
async function unpark(
  ctx: FlowContext,
  before: DialogState<Effect>,
  made: Decided,
  flows: ReadonlyMap<string, Flow>,
): Promise<Decided> {
  const parked = before.flow === DATE_FLOW ? parkedIn(before) : undefined;
  const flow = parked ? flows.get(parked.flow) : undefined;
  if (!parked || !flow || made.frame.flow !== null) return made;
  const frame: DialogFrame = { flow: parked.flow, step: parked.step, values: parked.values, attempts: 0 };
  const again = keepStamp(frame, await flow.handle(ctx, frame, { type: 'action', action: 'repeat', args: [] }));
  // Questions the decision asked outside the flow go along with the restored frame.
  const asks = made.frame.values[ASKED_KEY];
  return {
    frame: asks === undefined ? again.frame : { ...again.frame, values: { ...again.frame.values, [ASKED_KEY]: asks } },
    replies: [...made.replies, { text: ctx.t('reply.back') }, ...again.replies],
    effects: [...made.effects, ...again.effects],
  };
}

/** Applied to every decision: parks an open flow when a date is to be fixed over it, and returns to it after. */
export async function keepOpenFlow(
  ctx: FlowContext,
  before: DialogState<Effect>,
  made: Decided,
  flows: ReadonlyMap<string, Flow>,
): Promise<Decided> {
  return unpark(ctx, before, park(ctx, before, made), flows);
}
