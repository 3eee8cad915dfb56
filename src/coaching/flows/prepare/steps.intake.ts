/**
 * The first-conversation intake (tips 3, 4, 6, 9): how the employee learns best, a good challenge now, a realistic
 * first step towards the goal, and how and how often the two keep each other informed. Asked right after the goal of
 * a first preparation; shown at the top of every digest; editable from the summary of any later preparation (the
 * newest answers count).
 */
import type { Intake } from '../../model.js';
import { buttons, type IntakeStep, type PrepStepDef } from './turn.js';

const QUESTION = {
  learning: 'intake.learning.ask',
  challenge: 'intake.challenge.ask',
  firstStep: 'intake.firstStep.ask',
  keepInformed: 'intake.keepInformed.ask',
} as const satisfies Record<IntakeStep, string>;

function intakeStep(key: IntakeStep & keyof Intake): PrepStepDef {
  return {
    ask(q) {
      const known = q.prep.intake?.[key] ?? q.data.intake[key];
      return q.say(
        q.ctx.t(QUESTION[key], { goal: q.data.trajectory.goal }),
        ...(known ? [{ kind: 'text' as const, text: q.ctx.t('prep.current', { value: known }) }] : []),
        buttons(q.button('skip', q.ctx.t('button.skip'))),
      );
    },
    answer(turn, { text, word }) {
      if (word === 'skip') return turn.next(null);
      if (!text) return turn.again(turn.ctx.t('prep.again'));
      // The whole intake travels with this preparation, so the newest one in the trajectory is complete.
      const intake: Intake = { ...turn.data.intake, ...turn.prep.intake, [key]: text };
      return turn.next(turn.answered({ intake }), [{ text: turn.ctx.t('prep.noted') }]);
    },
  };
}

export const learningStep = intakeStep('learning');
export const challengeStep = intakeStep('challenge');
export const firstStepStep = intakeStep('firstStep');
export const keepInformedStep = intakeStep('keepInformed');
