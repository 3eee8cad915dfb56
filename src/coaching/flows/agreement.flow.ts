/**
 * Agreements: who does what by when (WWW-afspraken). Either person records them after a conversation, by form or
 * step by step; the bot confirms the date it understood. An agreement made for someone else needs their
 * acceptance (effect = quality × acceptance), so it starts as a proposal. Every change keeps a history.
 * The steps are a table (`agreement/steps.ts`).
 */
import { z } from 'zod';
import { decided, idle, type Decided, type Flow, type FlowContext } from '../flow.js';
import { roleSchema, type Trajectory } from '../model.js';
import { visibleAgreement, visibleTrajectory } from '../queries.js';
import { deadlineIn, namesOf } from './agreement/parts.js';
import {
  AGREEMENT_STEPS,
  agreementSteps,
  agreementValuesSchema,
  type AgreementData,
  type AgreementStep,
  type AgreementValues,
} from './agreement/steps.js';
import { StepTurn } from './step-table.js';

export {
  agreementForm,
  agreementLine,
  checkDue,
  confirmation,
  createAgreement,
  MAX_WHAT,
  namesOf,
  whatUnclear,
  type DueCheck,
} from './agreement/parts.js';

const stepSchema = z.enum(AGREEMENT_STEPS);

async function turnAt(
  ctx: FlowContext,
  trajectory: Trajectory,
  values: AgreementValues,
  step: AgreementStep,
  attempts = 0,
): Promise<StepTurn<AgreementStep, AgreementValues, AgreementData>> {
  const names = await namesOf(ctx, trajectory);
  return new StepTurn('agreement', ctx, { trajectory, names }, values, step, attempts, agreementSteps);
}

export const agreementFlow: Flow = {
  name: 'agreement',

  async start(ctx, args) {
    const trajectory = await visibleTrajectory(ctx, String(args.trajectoryId ?? ''));
    if (!trajectory || trajectory.status !== 'active') return decided(idle(), [{ text: ctx.t('notFound') }]);
    const base: AgreementValues = {
      trajectoryId: trajectory.id,
      ...(typeof args.sessionId === 'string' && args.sessionId ? { sessionId: args.sessionId } : {}),
      ...(typeof args.returnTo === 'string' ? { returnTo: args.returnTo } : {}),
      ...(args.fromSupportWish === true ? { fromSupportWish: true } : {}),
    };
    if (typeof args.feasibleFor === 'string' && typeof args.what === 'string' && typeof args.due === 'string') {
      // Made this turn (by form): how feasible is it by then?
      const owner = roleSchema.safeParse(args.owner).data ?? 'employee';
      const values = { ...base, feasibleFor: args.feasibleFor, owner, what: args.what, due: args.due };
      return (await turnAt(ctx, trajectory, values, 'feasible')).ask('feasible');
    }
    if (typeof args.agreementId === 'string' && args.feasible === true) {
      // Just accepted: how feasible is it by then?
      const found = await visibleAgreement(ctx, args.agreementId);
      if (!found) return decided(idle(), [{ text: ctx.t('notFound') }]);
      const a = found.agreement;
      const values = { ...base, feasibleFor: a.id, owner: a.owner, what: a.what, due: a.due };
      return (await turnAt(ctx, trajectory, values, 'feasible')).ask('feasible');
    }
    if (typeof args.agreementId === 'string') {
      const found = await visibleAgreement(ctx, args.agreementId);
      if (!found || (found.agreement.status !== 'open' && found.agreement.status !== 'proposed'))
        return decided(idle(), [{ text: ctx.t('notFound') }]);
      const a = found.agreement;
      const values = { ...base, agreementId: a.id, owner: a.owner, what: a.what, due: a.due };
      return (await turnAt(ctx, trajectory, values, 'what')).ask('what');
    }
    const owner = roleSchema.safeParse(args.owner);
    if (owner.success) {
      const what = typeof args.what === 'string' ? args.what : undefined;
      // Typed in the wrap-up with its deadline ("…, by Friday"): said back to confirm instead of "By when?". Not a
      // support wish, written at the preparation: its "Friday" was another week's.
      const said = what !== undefined && args.fromSupportWish !== true ? deadlineIn(ctx, what) : null;
      const values = { ...base, owner: owner.data, ...(said ?? (what !== undefined ? { what } : {})) };
      const step = said ? 'confirm' : what !== undefined ? 'when' : 'what';
      return (await turnAt(ctx, trajectory, values, step)).ask(step);
    }
    return (await turnAt(ctx, trajectory, base, 'owner')).ask('owner');
  },

  async handle(ctx, frame, input): Promise<Decided> {
    const values = agreementValuesSchema.safeParse(frame.values);
    const step = stepSchema.safeParse(frame.step);
    const trajectory = values.success ? await visibleTrajectory(ctx, values.data.trajectoryId) : null;
    if (!trajectory || !values.success) return decided(idle(), [{ text: ctx.t('notFound') }]);
    if (!step.success) return decided(idle(), [{ text: ctx.t('unknown.idle') }]);
    return StepTurn.handle(await turnAt(ctx, trajectory, values.data, step.data, frame.attempts), input);
  },
};
