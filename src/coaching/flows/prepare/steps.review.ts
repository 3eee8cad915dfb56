/** How earlier agreements went: one open agreement at a time (done / in progress / not yet), then an optional note. */
import type { Effect } from '../../effects.js';
import { decided, stepButton } from '../../flow.js';
import type { Agreement, Preparation } from '../../model.js';
import { formatDate } from '../../time.js';
import { buttons, type Answer, type PrepStepDef, type PrepTurn } from './turn.js';

type ReviewStatus = Preparation['agreementReview'][number]['status'];

const NOTE_QUESTION = {
  done: 'prep.review.note.done',
  in_progress: 'prep.review.note.progress',
  not_yet: 'prep.review.note.notYet',
} as const;

export const reviewStep: PrepStepDef = {
  ask(q) {
    const t = q.ctx.t;
    const agreement = q.data.toReview[q.values.reviewIndex ?? 0];
    if (!agreement) return q.say(t('prep.noted'));
    return q.say(
      t('prep.review.ask', { what: agreement.what, due: formatDate(agreement.due, q.ctx.locale) }),
      buttons(
        q.button('status', t('review.done'), 'done', 'primary'),
        q.button('status', t('review.in_progress'), 'in_progress'),
        q.button('status', t('review.not_yet'), 'not_yet'),
        q.button('skip', t('button.skip')),
      ),
    );
  },
  answer(turn, answer) {
    const agreement = turn.data.toReview[turn.values.reviewIndex ?? 0];
    if (!agreement) return afterReview(turn, null);
    if (turn.values.noteFor === agreement.id) return answerNote(turn, agreement, answer);
    if (answer.word === 'skip') return afterReview(turn, null);
    const status =
      answer.input.type === 'action' && answer.input.action === 'status'
        ? answer.input.args[0]
        : statusFromText(answer.text);
    if (status !== 'done' && status !== 'in_progress' && status !== 'not_yet')
      return turn.again(turn.ctx.t('prep.review.again'));
    return recordStatus(turn, agreement, status);
  },
};

/** The next agreement to review, or on to the step after the review once all are done. */
function afterReview(turn: PrepTurn, changed: Preparation | null, extra: Effect[] = []) {
  const index = turn.values.reviewIndex ?? 0;
  const { noteFor: _noteFor, ...values } = turn.values;
  if (index + 1 < turn.data.toReview.length)
    return turn.move('review', changed, [], { values: { ...values, reviewIndex: index + 1 }, extra });
  const target = values.editing ? 'summary' : turn.following(changed ?? turn.prep, 'review');
  return turn.move(target, changed, [], { values: { ...values, reviewIndex: 0 }, extra });
}

function answerNote(turn: PrepTurn, agreement: Agreement, { word, text }: Answer) {
  if (word === 'skip' || word === 'done' || !text) return afterReview(turn, null);
  const agreementReview = turn.prep.agreementReview.map((r) =>
    r.agreementId === agreement.id ? { ...r, note: text } : r,
  );
  return afterReview(turn, { ...turn.prep, agreementReview });
}

/** Records how an agreement went (done also completes it), then asks for an optional note. */
function recordStatus(turn: PrepTurn, agreement: Agreement, status: ReviewStatus) {
  const { prep, ctx } = turn;
  const entry = { agreementId: agreement.id, what: agreement.what, status };
  const changed = {
    ...prep,
    agreementReview: [...prep.agreementReview.filter((r) => r.agreementId !== agreement.id), entry],
  };
  const effects: Effect[] =
    status === 'done' && agreement.status === 'open'
      ? [
          {
            type: 'agreement.change',
            agreementId: agreement.id,
            from: ['open'],
            set: { status: 'done' },
            change: 'done',
            byId: ctx.person.id,
          },
        ]
      : [];
  const frame = turn.frame('review', { ...turn.values, noteFor: agreement.id });
  const noNote = buttons(stepButton(frame, 'skip', ctx.t('prep.review.noNote')));
  return decided(
    frame,
    [{ text: ctx.t(NOTE_QUESTION[status]), blocks: [noNote] }],
    [turn.save(changed, false), ...effects],
  );
}

function statusFromText(text: string): string | undefined {
  const t = text.toLowerCase();
  if (/^(done|klaar|gedaan|afgerond|yes|ja)\b/.test(t)) return 'done';
  if (/(in progress|bezig|onderweg|busy|working)/.test(t)) return 'in_progress';
  if (/^(not yet|nog niet|no|nee)\b/.test(t)) return 'not_yet';
  return undefined;
}
