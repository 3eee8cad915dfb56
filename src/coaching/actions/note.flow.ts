/** A note on an agreement: one free-text answer, kept in the agreement's history. */
import { decided, idle, stepButton, type Flow } from '../flow.js';
import { MAX_WHAT } from '../flows/agreement.flow.js';
import { visibleAgreement } from '../queries.js';

export const noteFlow: Flow = {
  name: 'note',
  async start(ctx, args) {
    const frame = {
      flow: 'note',
      step: 'text',
      values: { agreementId: String(args.agreementId ?? ''), stamp: ctx.turn.revision },
      attempts: 0,
    };
    return decided(frame, [
      {
        text: ctx.t('note.ask'),
        blocks: [{ kind: 'buttons', buttons: [stepButton(frame, 'cancel', ctx.t('button.never'))] }],
      },
    ]);
  },
  async handle(ctx, frame, input) {
    const found = await visibleAgreement(ctx, String(frame.values.agreementId ?? ''));
    if (!found) return decided(idle(), [{ text: ctx.t('notFound') }]);
    if (input.type === 'action' && input.action === 'repeat')
      return noteFlow.start(ctx, { agreementId: found.agreement.id });
    if (input.type !== 'text') return decided(idle(), [{ text: ctx.t('cancel.done') }]);
    const note = input.text.trim();
    if (note.length > MAX_WHAT)
      return decided(frame, [{ text: ctx.t('input.tooLong', { length: note.length, max: MAX_WHAT }) }]);
    return decided(
      idle(),
      [{ text: ctx.t('note.saved') }],
      [
        {
          type: 'agreement.change',
          agreementId: found.agreement.id,
          from: ['open', 'proposed'],
          set: {},
          change: 'note',
          note,
          byId: ctx.person.id,
        },
      ],
    );
  },
};
