/**
 * How earlier agreements went, one open agreement at a time. The person answers with a button or in their own
 * words: status words are recognised in both languages (done / busy with it / stuck / not started), quoted back and
 * correctable with a button; what they typed is kept as the note. An answer without a status word is never refused:
 * it is kept as a note on the agreement and the person picks where it stands.
 */
import type { Effect } from '../../effects.js';
import { decided, stepButton } from '../../flow.js';
import type { Agreement, Preparation, ReviewStatus } from '../../model.js';
import { recogniseStatus } from '../../listen/status.words.js';
import { formatDate } from '../../time.js';
import { buttons, type Answer, type PrepStepDef, type PrepTurn, type Question } from './turn.js';

const NOTE_QUESTION = {
  done: 'prep.review.note.done',
  in_progress: 'prep.review.note.progress',
  stuck: 'prep.review.note.notYet',
  not_yet: 'prep.review.note.notYet',
} as const satisfies Record<ReviewStatus, string>;

const STATUSES: readonly ReviewStatus[] = ['done', 'in_progress', 'stuck', 'not_yet'];
const isStatus = (s: string | undefined): s is ReviewStatus => STATUSES.includes(s as ReviewStatus);

/** The words the recogniser uses, in the review's vocabulary. */
export const reviewStatusOf = (text: string): ReviewStatus | undefined => {
  const found = recogniseStatus(text)?.status;
  return found === 'not_started' ? 'not_yet' : found;
};

const statusButtons = (q: Pick<Question, 'button' | 'ctx'>) =>
  STATUSES.map((s) => q.button('status', q.ctx.t(`review.${s}`), s, s === 'done' ? 'primary' : undefined));

export const reviewStep: PrepStepDef = {
  ask(q) {
    const t = q.ctx.t;
    const agreement = q.data.toReview[q.values.reviewIndex ?? 0];
    if (!agreement) return q.say(t('prep.noted'));
    return q.say(
      t('prep.review.ask', { what: agreement.what, due: formatDate(agreement.due, q.ctx.locale) }),
      buttons(...statusButtons(q), q.button('skip', t('button.skip'))),
    );
  },
  answer(turn, answer) {
    const agreement = turn.data.toReview[turn.values.reviewIndex ?? 0];
    if (!agreement) return afterReview(turn, null);
    const pressed =
      answer.input.type === 'action' && answer.input.action === 'status' ? answer.input.args[0] : undefined;
    if (turn.values.noteFor === agreement.id) {
      // A correction of the status recognised, or the note itself.
      if (isStatus(pressed)) return recordStatus(turn, agreement, pressed, undefined, true);
      return answerNote(turn, agreement, answer);
    }
    if (answer.word === 'skip') return afterReview(turn, null);
    if (isStatus(pressed)) return recordStatus(turn, agreement, pressed);
    if (!answer.text) return turn.again(turn.ctx.t('prep.review.again'));
    const status = reviewStatusOf(answer.text);
    if (status) return recordStatus(turn, agreement, status, answer.text);
    return keepAsNote(turn, agreement, answer.text);
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

const withNote = (prep: Preparation, agreement: Agreement, note: string): Preparation => ({
  ...prep,
  agreementReview: prep.agreementReview.map((r) => (r.agreementId === agreement.id ? { ...r, note } : r)),
});

function answerNote(turn: PrepTurn, agreement: Agreement, { word, text }: Answer) {
  if (word === 'skip' || word === 'done' || !text) return afterReview(turn, null);
  const earlier = turn.prep.agreementReview.find((r) => r.agreementId === agreement.id)?.note;
  return afterReview(turn, withNote(turn.prep, agreement, earlier ? `${earlier} – ${text}` : text), [
    noteOn(turn, agreement, text),
  ]);
}

/** The words are kept on the agreement itself, so they are there even if the preparation is never sent. */
const noteOn = (turn: PrepTurn, agreement: Agreement, note: string): Effect => ({
  type: 'agreement.change',
  agreementId: agreement.id,
  from: ['open', 'done'],
  set: {},
  change: 'note',
  byId: turn.ctx.person.id,
  note,
});

/** No status word: kept as a note, and the person picks where it stands (or moves on). */
function keepAsNote(turn: PrepTurn, agreement: Agreement, text: string) {
  const { ctx } = turn;
  const kept = turn.prep.agreementReview.some((r) => r.agreementId === agreement.id)
    ? withNote(turn.prep, agreement, text)
    : turn.prep;
  const frame = turn.frame('review');
  return decided(
    frame,
    [
      { text: ctx.t('reply.noted.agreement', { what: agreement.what, quote: text }) },
      {
        text: ctx.t('reply.noStatus'),
        blocks: [
          buttons(
            ...STATUSES.map((s) => stepButton(frame, 'status', ctx.t(`review.${s}`), s)),
            stepButton(frame, 'skip', ctx.t('button.skip')),
          ),
        ],
      },
    ],
    [...(kept === turn.prep ? [] : [turn.save(kept, false)]), noteOn(turn, agreement, text)],
  );
}

/**
 * Records how an agreement went (done also completes it). Typed words are quoted back with the status read from
 * them and buttons to correct it, and become the note; then an open question invites more.
 */
function recordStatus(turn: PrepTurn, agreement: Agreement, status: ReviewStatus, typed?: string, correcting = false) {
  const { prep, ctx } = turn;
  const before = prep.agreementReview.find((r) => r.agreementId === agreement.id);
  const note = typed ?? before?.note;
  const entry = { agreementId: agreement.id, what: agreement.what, status, ...(note ? { note } : {}) };
  const changed = {
    ...prep,
    agreementReview: [...prep.agreementReview.filter((r) => r.agreementId !== agreement.id), entry],
  };
  const effects: Effect[] = [
    ...(status === 'done' && agreement.status === 'open'
      ? [
          {
            type: 'agreement.change',
            agreementId: agreement.id,
            from: ['open'],
            set: { status: 'done' },
            change: 'done',
            byId: ctx.person.id,
          } satisfies Effect,
        ]
      : []),
    ...(status !== 'done' && agreement.status === 'done'
      ? [
          {
            type: 'agreement.change',
            agreementId: agreement.id,
            from: ['done'],
            set: { status: 'open' },
            change: 'reopened',
            byId: ctx.person.id,
          } satisfies Effect,
        ]
      : []),
    ...(typed ? [noteOn(turn, agreement, typed)] : []),
  ];
  const frame = turn.frame('review', { ...turn.values, noteFor: agreement.id });
  const quoted = typed
    ? [
        { text: ctx.t('reply.noted.agreement', { what: agreement.what, quote: typed }) },
        {
          text: ctx.t('reply.status', { status: ctx.t(`review.${status}`) }),
          blocks: [
            buttons(
              ...STATUSES.filter((s) => s !== status).map((s) => stepButton(frame, 'status', ctx.t(`review.${s}`), s)),
            ),
          ],
        },
      ]
    : correcting
      ? [{ text: ctx.t(`reply.status.saved.${status}`, { what: agreement.what }) }]
      : [];
  const noNote = buttons(stepButton(frame, 'skip', ctx.t('prep.review.noNote')));
  return decided(
    frame,
    [...quoted, { text: ctx.t(NOTE_QUESTION[status]), blocks: [noNote] }],
    [turn.save(changed, false), ...effects],
  );
}
