/**
 * Starting a coaching trajectory. The model prefers the employee's initiative, so `start` is the employee's path
 * (goal → coach → rhythm → first conversation → duration → send); a coach can start one for an employee with
 * `coach someone`, and the employee then accepts. The other person is always asked, never enrolled.
 * The steps are a table (`setup/steps.ts`).
 */
import { decided, idle, type Flow } from '../flow.js';
import { setupSteps } from './setup/steps.js';
import { SETUP_STEPS, setupValuesSchema, type SetupStep, type SetupValues } from './setup/values.js';
import { StepTurn } from './step-table.js';
import { z } from 'zod';

export { newInviteCode, parseCadence, parseMinutes } from './setup/values.js';

const stepSchema = z.enum(SETUP_STEPS);

export const setupFlow: Flow = {
  name: 'setup',

  async start(ctx, args) {
    const role = args.role === 'coach' ? 'coach' : 'employee';
    const step: SetupStep = role === 'coach' ? 'who' : 'goal';
    return new StepTurn<SetupStep, SetupValues, null>('setup', ctx, null, { role }, step, 0, setupSteps).ask(step);
  },

  async handle(ctx, frame, input) {
    const values = setupValuesSchema.safeParse(frame.values);
    const step = stepSchema.safeParse(frame.step);
    if (!values.success || !step.success) return decided(idle(), [{ text: ctx.t('unknown.idle') }]);
    const turn = new StepTurn('setup', ctx, null, values.data, step.data, frame.attempts, setupSteps);
    return StepTurn.handle(turn, input);
  },
};
