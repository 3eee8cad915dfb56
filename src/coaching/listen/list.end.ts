/**
 * "No, that's all" typed at "How feasible is this by …?": the person has nothing to add about this agreement and is
 * done with the list ("What else did you agree?" is what they expected next). It is no note on the agreement: while
 * wrapping up a conversation it goes to the wrap-up's list of agreements and ends it (its next question is asked);
 * elsewhere the agreement stays as it is. The agreement flow cannot reach the wrap-up's steps itself (the wrap-up
 * starts it), so its typed answers pass here first.
 */
import type { FlowInput } from '../flow.js';
import { decided, entityButton, idle, type Flow } from '../flow.js';
import { saysThatsAll } from './enough.words.js';

const DONE: FlowInput = { type: 'action', action: 'done', args: [] };

/** The agreement flow, with a list ending at its feasibility question read as above. */
export function endingLists(agreement: Flow, wrapUp: Flow): Flow {
  return {
    ...agreement,
    async handle(ctx, frame, input) {
      const typed = input.type === 'text' ? input.text : '';
      if (frame.step !== 'feasible' || !frame.values.feasibleFor || !saysThatsAll(typed))
        return agreement.handle(ctx, frame, input);
      const { returnTo, sessionId, what } = frame.values;
      if (returnTo === wrapUp.name && typeof sessionId === 'string') {
        const list = { flow: wrapUp.name, step: 'agreements', values: { sessionId }, attempts: 0 };
        return wrapUp.handle(ctx, list, DONE);
      }
      const all = entityButton('cmd', ctx.t('help.button.agreements'), ['agreements']);
      return decided(idle(), [
        { text: ctx.t('agreement.feasible.none', { what: typeof what === 'string' ? what : '' }) },
        { text: ctx.t('agreement.listHint'), blocks: [{ kind: 'buttons', buttons: [all] }] },
      ]);
    },
  };
}
