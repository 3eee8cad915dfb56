/** The whole preparation before it is sent: send it to the coach, or change any part first. */
import type { DialogFrame } from '../../../core/dialog.js';
import type { Block, Reply } from '../../../core/reply.js';
import { decided, entityButton, idle, stepButton, type FlowContext } from '../../flow.js';
import type { Intake, Session, Trajectory } from '../../model.js';
import { formatInstant } from '../../time.js';
import { saysChange, saysSend } from '../../listen/choice.words.js';
import { buttons, prepStepSchema, type PrepStep, type PrepStepDef } from './turn.js';

/** Steps a person can jump back to from the summary. */
export const EDITABLE = [
  'goal',
  'learning',
  'report',
  'successes',
  'review',
  'coachFeedback',
  'improvements',
  'support',
  'topics',
  'time',
] as const satisfies readonly PrepStep[];
const editable: ReadonlySet<PrepStep> = new Set(EDITABLE);

export const summaryStep: PrepStepDef = {
  ask(q) {
    const summary = preparationSummary(q.ctx, q.data.trajectory, q.data.session, q.data.first);
    const actions = buttons(
      q.button('send', q.ctx.t('prep.summary.send', { coach: q.data.coachName }), undefined, 'primary'),
      q.button('edit', q.ctx.t('button.change')),
      entityButton('prep.coachView', q.ctx.t('prep.coachView', { coach: q.data.coachName }), [q.data.session.id]),
    );
    return decided(q.frame, [...q.preface, { ...summary, blocks: [...(summary.blocks ?? []), actions] }]);
  },
  answer(turn, { input, text, word }) {
    const { ctx, prep } = turn;
    // The button's word, or a sentence that says it: "send it to Robin", "ja, stuur het maar door".
    if (word === 'send' || saysSend(text, turn.data.coachName)) {
      // The coach reads this copy; changes made after sending stay a draft until the next send.
      const { sent: _previous, ...content } = prep;
      return decided(
        idle(),
        [{ text: ctx.t('prep.sent', { coach: turn.data.coachName }) }],
        [turn.save({ ...prep, sent: content }, true)],
      );
    }
    if (word === 'edit' || saysChange(text)) {
      const frame = turn.frame('summary');
      return decided(frame, [editMenu(ctx, frame, turn.data.first)]);
    }
    if (input.type === 'action' && input.action === 'goto') {
      const target = prepStepSchema.safeParse(input.args[0]);
      if (!target.success || !editable.has(target.data)) return turn.ask('summary');
      return turn.ask(target.data, [], 0, { ...turn.values, editing: true, reviewIndex: 0 });
    }
    return turn.again(ctx.t('prep.summary.hint'));
  },
};

/** The parts to change; a first conversation has no earlier agreements or commitments to look back on. */
function editMenu(ctx: FlowContext, frame: DialogFrame, first: boolean): Reply {
  const parts = EDITABLE.filter((s) => !first || (s !== 'review' && s !== 'coachFeedback'));
  return {
    text: ctx.t('prep.edit.ask'),
    blocks: [
      buttons(
        ...parts.map((s) =>
          stepButton(frame, 'goto', ctx.t(s === 'learning' ? 'prep.section.intake' : `prep.section.${s}`), s),
        ),
      ),
    ],
  };
}

/** The intake answers given in this preparation, as fields under their own title (nothing when none). */
function intakeBlocks(ctx: FlowContext, intake: Intake | undefined): Block[] {
  const fields = INTAKE_FIELDS.filter(([key]) => intake?.[key]).map(([key, label]) => ({
    label: ctx.t(label),
    value: intake?.[key] ?? '',
  }));
  return fields.length
    ? [
        { kind: 'section', title: ctx.t('label.intake') },
        { kind: 'fields', fields },
      ]
    : [];
}

const INTAKE_FIELDS = [
  ['learning', 'label.learning'],
  ['challenge', 'label.challenge'],
  ['firstStep', 'label.firstStep'],
  ['keepInformed', 'label.keepInformed'],
] as const;

/**
 * The whole preparation as the employee sees it before sending (and in `prepare` once sent), their one-sentence
 * conclusion included (the coach's digest opens with it). A first conversation has no earlier agreements or
 * commitments, so no empty sections for them.
 */
export function preparationSummary(ctx: FlowContext, trajectory: Trajectory, session: Session, first = false): Reply {
  const t = ctx.t;
  const p = session.preparation;
  const none = t('prep.summary.none');
  const list = (title: string, items: readonly string[], ordered = false): Block =>
    items.length ? { kind: 'list', title, items, ordered } : { kind: 'section', title, text: none };
  const review = p.agreementReview.map((r) => `${r.what}: ${t(`review.${r.status}`)}${r.note ? ` – ${r.note}` : ''}`);
  const minutes = p.desiredMinutes ?? session.durationMinutes;
  return {
    text: t('prep.summary.title', { when: formatInstant(session.startsAt, ctx.person.timeZone, ctx.locale) }),
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: t('label.trajectoryGoal'), value: trajectory.goal },
          { label: t('label.sessionGoal'), value: p.goal ?? none },
        ],
      },
      ...intakeBlocks(ctx, p.intake),
      {
        kind: 'section',
        title: t('prep.section.report'),
        text:
          [p.report, p.conclusion && t('reflect.conclusion.noted', { quote: p.conclusion }), p.reportFollowUp]
            .filter(Boolean)
            .join('\n') || none,
      },
      list(t('label.successes'), p.successes),
      ...(first
        ? []
        : [
            list(t('label.review'), review),
            { kind: 'section' as const, title: t('prep.section.coachFeedback'), text: p.coachFeedback ?? none },
          ]),
      list(t('label.improvements'), p.improvements, true),
      list(t('label.support'), p.support),
      list(t('label.topics'), p.topics, true),
      { kind: 'fields', fields: [{ label: t('label.time'), value: t('minutes', { n: minutes }) }] },
    ],
  };
}
