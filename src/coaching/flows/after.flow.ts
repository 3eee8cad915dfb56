/**
 * After a conversation (model steps 5–8), for both people: write down the agreements (who does what by when), fix
 * the next date before moving on, and give a short evaluation. Each sees the other's evaluation once both answered.
 * The steps are a table (`after/steps.ts`).
 */
import { z } from 'zod';
import { decided, idle, type Flow, type FlowContext } from '../flow.js';
import { roleIn, visibleSession } from '../queries.js';
import {
  AFTER_STEPS,
  afterSteps,
  afterValuesSchema,
  type AfterData,
  type AfterStep,
  type AfterValues,
} from './after/steps.js';
import { namesOf } from './agreement.flow.js';
import { StepTurn } from './step-table.js';
import { saysOnlyHeld } from '../listen/held.words.js';

const stepSchema = z.enum(AFTER_STEPS);

async function load(ctx: FlowContext, sessionId: string): Promise<AfterData | null> {
  const found = await visibleSession(ctx, sessionId);
  if (!found) return null;
  const role = roleIn(found.trajectory, ctx.person.id);
  if (!role) return null;
  return { ...found, role, names: await namesOf(ctx, found.trajectory) };
}

export const afterFlow: Flow = {
  name: 'after',

  async start(ctx, args) {
    const data = await load(ctx, String(args.sessionId ?? ''));
    if (!data) return decided(idle(), [{ text: ctx.t('notFound') }]);
    if (data.session.evaluations[data.role]) return decided(idle(), [{ text: ctx.t('after.alreadyDone') }]);
    const step = stepSchema.safeParse(args.step).data ?? 'agreements';
    const intro = step === 'agreements' && args.introduced !== true ? [{ text: ctx.t('after.intro') }] : [];
    const values: AfterValues = { sessionId: data.session.id };
    return new StepTurn<AfterStep, AfterValues, AfterData>('after', ctx, data, values, step, 0, afterSteps).ask(step, {
      preface: intro,
    });
  },

  async handle(ctx, frame, input) {
    const values = afterValuesSchema.safeParse(frame.values);
    const data = values.success ? await load(ctx, values.data.sessionId) : null;
    if (!data || !values.success) return decided(idle(), [{ text: ctx.t('notFound') }]);
    const step = stepSchema.safeParse(frame.step);
    if (!step.success) return decided(idle(), [{ text: ctx.t('unknown.idle') }]);
    const turn = new StepTurn('after', ctx, data, values.data, step.data, frame.attempts, afterSteps);
    // "Ja, het gesprek heeft plaatsgevonden", "yes, we met" (either language, whatever the person's own) answer the
    // message that asked "Did it take place?", which the wrap-up has recorded already: said back, and this step's
    // question asked again. Never an agreement's text, a yes to the proposed date, or an evaluation.
    if (input.type === 'text' && saysOnlyHeld(input.text)) {
      const other = data.role === 'employee' ? data.names.coach : data.names.employee;
      const said = { text: ctx.t('after.heldNoted', { other }) };
      return turn.ask(step.data, { preface: [said], attempts: frame.attempts });
    }
    return StepTurn.handle(turn, input);
  },
};
