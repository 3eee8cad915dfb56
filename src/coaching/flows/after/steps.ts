/** After a conversation, as a step table: agreements → next date → rating → comment. */
import { saysNothingMore } from '../../listen/enough.words.js';
import { saysOnlyYes } from '../../listen/assent.words.js';
import { z } from 'zod';
import type { Block } from '../../../core/reply.js';
import type { Effect } from '../../effects.js';
import { decided, entityButton, idle, type Decided, type FlowContext, type FlowInput } from '../../flow.js';
import type { Role, Session, Trajectory } from '../../model.js';
import { parseDate } from '../../dates.js';
import { formatInstant, toLocal } from '../../time.js';
import { agreementFlow, agreementForm, agreementLine } from '../agreement.flow.js';
import { proposeNext, sessionFlow } from '../session.flow.js';
import { yesOrNo } from '../../listen/held.words.js';
import { typedLabel } from '../../listen/labels.js';
import { ratingSaid } from '../../listen/rating.words.js';
import { textOf, type Asking, type StepTable, type StepTurn } from '../step-table.js';

export const AFTER_STEPS = ['agreements', 'next', 'rating', 'comment'] as const;
export type AfterStep = (typeof AFTER_STEPS)[number];

export const afterValuesSchema = z.object({
  stamp: z.number().optional(),
  sessionId: z.string(),
  rating: z.number().optional(),
});
export type AfterValues = z.infer<typeof afterValuesSchema>;

export interface AfterData {
  readonly session: Session;
  readonly trajectory: Trajectory;
  readonly role: Role;
  readonly names: { readonly employee: string; readonly coach: string };
}

type Turn = StepTurn<AfterStep, AfterValues, AfterData>;

const otherName = (data: AfterData): string => (data.role === 'employee' ? data.names.coach : data.names.employee);

/** The step word of an answer: the button pressed, or `done` for its typed equivalents. */
function actionOf(input: FlowInput): string | undefined {
  if (input.type === 'action') return input.action;
  const text = input.text.trim();
  return saysNothingMore(text) || /^(skip|overslaan|fine|ok|okay|good|prima|oké|goed)[.!]*$/i.test(text)
    ? 'done'
    : undefined;
}

export const afterSteps: StepTable<AfterStep, AfterValues, AfterData> = {
  agreements: { ask: askAgreements, answer: answerAgreements },
  next: { ask: askNext, answer: answerNext },
  rating: {
    ask: (q) =>
      q.data.session.evaluations[q.data.role]
        ? decided(idle(), [...q.preface, { text: q.ctx.t('after.alreadyDone') }])
        : q.say({
            // Said before they answer: the answer is shared at once, and neither has to answer first.
            text: `${q.ctx.t('after.shared.note', { other: otherName(q.data) })}\n${q.ctx.t('after.rating.ask')}`,
            blocks: [{ kind: 'buttons', buttons: [1, 2, 3, 4, 5].map((n) => q.button('rate', String(n), String(n))) }],
          }),
    answer(turn, input) {
      const text = textOf(input);
      const said = input.type === 'action' ? null : ratingSaid(text);
      const rating = input.type === 'action' && input.action === 'rate' ? Number(input.args[0]) : (said?.rating ?? NaN);
      if (actionOf(input) === 'done') return turn.ask('comment');
      // "een 4, Sam was goed voorbereid": the rating and the open answer at once; nothing more to ask.
      if (said?.rest) return Promise.resolve(saveEvaluation(turn, said.rest, said.rating));
      if (Number.isInteger(rating) && rating >= 1 && rating <= 5)
        return turn.ask('comment', { values: { ...turn.values, rating } });
      // Words instead of a number are the open answer itself: kept, never refused.
      if (text && !/\d/.test(text)) return Promise.resolve(saveEvaluation(turn, text));
      return turn.again(turn.ctx.t('after.rating.again'));
    },
  },
  comment: {
    ask: (q) =>
      q.say({
        text: q.ctx.t('after.comment.ask'),
        blocks: [{ kind: 'buttons', buttons: [q.button('done', q.ctx.t('button.skip'))] }],
      }),
    answer(turn, input) {
      const done = actionOf(input) === 'done';
      const comment = done ? '' : textOf(input);
      if (!comment && !done) return turn.again();
      return saveEvaluation(turn, comment);
    },
  },
};

/**
 * Saves the evaluation when there is a rating or an open answer (the answer is kept even without a rating). Without
 * either it is skipped, and recorded as such: it stays skipped (not asked again), with a button to give it later.
 */
function saveEvaluation(turn: Turn, comment: string, rating = turn.values.rating): Decided {
  const { ctx, data } = turn;
  const sessionId = data.session.id;
  if (!rating && !comment) {
    const later = entityButton('after.evaluate', ctx.t('after.evaluateLater'), [sessionId]);
    return decided(
      idle(),
      [{ text: ctx.t('after.thanksNoRating'), blocks: [{ kind: 'buttons', buttons: [later] }] }],
      [{ type: 'evaluation.skip', sessionId, role: data.role }],
    );
  }
  const effect: Effect = {
    type: 'evaluation.save',
    sessionId,
    role: data.role,
    ...(rating ? { rating } : {}),
    comment,
  };
  return decided(idle(), [{ text: ctx.t('after.thanksShared', { other: otherName(data) }) }], [effect]);
}

async function askAgreements(q: Asking<AfterValues, AfterData>): Promise<Decided> {
  const { ctx, data } = q;
  const t = ctx.t;
  const made = await agreementsHere(ctx, data);
  const blocks: Block[] = [];
  const line = (a: (typeof made)[number]) =>
    `${agreementLine(a, data.names, t, ctx.locale)}${a.status === 'proposed' ? ` (${t('status.proposed')})` : ''}`;
  if (made.length) blocks.push({ kind: 'list', title: t('after.agreements.sofar'), items: made.map(line) });
  // The employee's own solution first (step 5: effect = quality × acceptance); support is offered after it.
  const ownFirst = !made.some((a) => a.owner === 'employee');
  const wishes = data.role === 'coach' && !ownFirst ? data.session.preparation.support : [];
  if (wishes.length) {
    blocks.push({ kind: 'list', title: t('after.support.title', { name: data.names.employee }), items: wishes });
    const make = wishes
      .slice(0, 5)
      .map((_, i) => q.button('support', t('after.support.make', { n: i + 1 }), String(i)));
    blocks.push({ kind: 'buttons', buttons: make });
  }
  blocks.push({
    kind: 'buttons',
    buttons: [
      q.button('add', t('agreement.add'), undefined, 'primary'),
      q.button('form', t('agreement.useForm')),
      q.button('done', made.length ? t('button.thatsAll') : t('after.agreements.none')),
    ],
  });
  const question = ownFirst
    ? data.role === 'employee'
      ? t('agreement.own.employee')
      : t('agreement.own.coach', { name: data.names.employee })
    : t('after.agreements.ask');
  return q.say({ text: question, blocks });
}

/** The agreements made in this conversation so far (not dropped). */
async function agreementsHere(ctx: FlowContext, data: AfterData) {
  const made = await ctx.agreements.listForTrajectory(data.trajectory.id);
  return made.filter((a) => a.sessionId === data.session.id && a.status !== 'dropped');
}

async function answerAgreements(turn: Turn, input: FlowInput): Promise<Decided> {
  const { ctx, data } = turn;
  const action = actionOf(input);
  const text = textOf(input);
  const base = { trajectoryId: data.trajectory.id, sessionId: data.session.id, returnTo: 'after' };
  const here = await agreementsHere(ctx, data);
  const first = !here.some((a) => a.owner === 'employee'); // the employee's own solution comes first
  if (input.type === 'text' && saysOnlyYes(text)) {
    // "yes", "ja", "sure" say no agreement (nor, before any is made, "ok": that none was made): a few words, please.
    const made = here.length > 0; // "What else did you agree?" was asked
    if (!made || action !== 'done') {
      const done = ctx.t(made ? 'button.thatsAll' : 'after.agreements.none');
      return turn.again(ctx.t('after.agreements.words', { done }));
    }
  }
  if (action === 'add') return agreementFlow.start(ctx, first ? { ...base, owner: 'employee' } : base);
  if (action === 'form') {
    const form = agreementForm(ctx, data.trajectory, data.names, data.session.id);
    const frame = turn.frame(turn.step, turn.values, turn.attempts);
    return Promise.resolve(decided(frame, [{ text: form.title, blocks: [{ kind: 'form', form }] }]));
  }
  if (action === 'support') {
    const wish = data.session.preparation.support[Number(input.type === 'action' ? input.args[0] : -1)];
    if (!wish) return turn.again();
    return agreementFlow.start(ctx, { ...base, owner: 'coach', what: wish, fromSupportWish: true });
  }
  if (action === 'done') return turn.ask('next');
  // Typed text here is the start of a new agreement: the employee's own solution first, then the person's own.
  if (text) return agreementFlow.start(ctx, { ...base, owner: first ? 'employee' : data.role, what: text });
  return turn.again();
}

async function askNext(q: Asking<AfterValues, AfterData>): Promise<Decided> {
  const { ctx, data } = q;
  const t = ctx.t;
  const when = (at: Date) => formatInstant(at, ctx.person.timeZone, ctx.locale);
  const next = data.session.nextSessionId ? await ctx.sessions.get(data.session.nextSessionId) : null;
  if (next)
    return q.say({
      text: t('after.next.fixed', { when: when(next.startsAt) }),
      blocks: [{ kind: 'buttons', buttons: [q.button('keep', t('button.fine'), undefined, 'primary')] }],
    });
  const proposal = proposeNext(data.session, data.trajectory, ctx.person.timeZone);
  return q.say({
    text: t('after.next.ask', { when: when(proposal) }),
    blocks: [
      {
        kind: 'buttons',
        buttons: [
          q.button('accept', t('after.next.accept'), undefined, 'primary'),
          q.button('other', t('button.otherDate')),
        ],
      },
    ],
  });
}

/**
 * The next date: the rhythm's proposal taken in words ("that suits me", "dat past", "prima") or with its button; a
 * no or "another date" asks which date; a date typed is that date. When the date was fixed already, any of these
 * moves on.
 */
async function answerNext(turn: Turn, input: FlowInput): Promise<Decided> {
  const { ctx, data } = turn;
  const text = textOf(input);
  const word = yesOrNo(text);
  const next = data.session.nextSessionId;
  // A button's label typed ("Plan it then", "Another date") does what the button does.
  const label = typedLabel(text, ['after.next.accept', 'button.otherDate']);
  const labelled = label === 'after.next.accept' ? 'accept' : label === 'button.otherDate' ? 'other' : undefined;
  const action =
    labelled ?? (next && word ? 'keep' : word === 'yes' ? 'accept' : word === 'no' ? 'other' : actionOf(input));
  // Fixed already: a date typed moves that conversation; other words move on.
  if (next && text && !word && parseDate(text, toLocal(ctx.now, ctx.person.timeZone).date).kind === 'date')
    return sessionFlow.start(ctx, { sessionId: next, mode: 'move', returnTo: 'after', text });
  if (action === 'done' || action === 'keep' || next) return turn.ask('rating');
  if (action === 'accept') {
    const proposal = proposeNext(data.session, data.trajectory, ctx.person.timeZone);
    const when = formatInstant(proposal, ctx.person.timeZone, ctx.locale);
    return turn.ask('rating', {
      preface: [{ text: ctx.t('session.next.saved', { when }) }],
      effects: [
        { type: 'session.next', sessionId: data.session.id, startsAt: proposal.toISOString(), byId: ctx.person.id },
      ],
    });
  }
  if (action === 'other' || text) {
    return sessionFlow.start(ctx, {
      sessionId: data.session.id,
      mode: 'next',
      returnTo: 'after',
      ...(text && action !== 'other' ? { text } : {}),
    });
  }
  return turn.again();
}
