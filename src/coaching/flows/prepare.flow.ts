/**
 * Preparation (model steps 1–4 and 6), in the employee's private chat. The order is the method's: the goal of this
 * conversation beside the trajectory's goal; the travel report, summarised back with one follow-up question
 * (listen, summarise, ask further); successes first; how earlier agreements went; feedback on the coach's own
 * commitments; what could go even better, in the employee's order; where support is wanted; the agenda in their
 * priority and the time they want. Every answer is saved at once, so stopping loses nothing; any part can be
 * changed until the conversation starts, and running it again never duplicates an item.
 */
import type { DialogFrame } from '../../core/dialog.js';
import type { Block, Button, Reply } from '../../core/reply.js';
import type { Effect } from '../effects.js';
import { decided, idle, stepButton, type Decided, type Flow, type FlowContext, type FlowInput } from '../flow.js';
import type { Agreement, Preparation, Session, Trajectory } from '../model.js';
import { isPreparable, personName, visibleSession } from '../queries.js';
import { formatDate, formatInstant } from '../time.js';
import { addUnique, orderBy, parseOrder, splitItems, summarise } from './text.js';

export const PREP_STEPS = [
  'goal',
  'report',
  'reportFollowUp',
  'successes',
  'review',
  'coachFeedback',
  'improvements',
  'order',
  'support',
  'topics',
  'topicOrder',
  'time',
  'summary',
] as const;
export type PrepStep = (typeof PREP_STEPS)[number];

const LIST_STEPS = {
  successes: 'successes',
  improvements: 'improvements',
  support: 'support',
  topics: 'topics',
} as const;

/** Steps a person can jump back to from the summary. */
const EDITABLE: readonly PrepStep[] = [
  'goal',
  'report',
  'successes',
  'review',
  'coachFeedback',
  'improvements',
  'support',
  'topics',
  'time',
];

interface Values {
  readonly stamp?: number;
  readonly sessionId: string;
  readonly editing?: boolean;
  readonly reviewIndex?: number;
  readonly noteFor?: string;
}

interface Loaded {
  readonly session: Session;
  readonly trajectory: Trajectory;
  readonly coachName: string;
  /** Open agreements of the employee from earlier sessions: the ones to review. */
  readonly toReview: readonly Agreement[];
  /** The coach's agreements from earlier sessions: the commitments to give feedback on. */
  readonly coachCommitments: readonly Agreement[];
}

async function load(ctx: FlowContext, sessionId: string): Promise<Loaded | null> {
  const found = await visibleSession(ctx, sessionId);
  if (!found || found.trajectory.employeeId !== ctx.person.id) return null;
  const { session, trajectory } = found;
  const agreements = (await ctx.agreements.listForTrajectory(trajectory.id)).filter((a) => a.sessionId !== session.id);
  return {
    session,
    trajectory,
    coachName: await personName(ctx, trajectory.coachId),
    toReview: agreements.filter(
      (a) =>
        a.owner === 'employee' &&
        (a.status === 'open' || session.preparation.agreementReview.some((r) => r.agreementId === a.id)),
    ),
    coachCommitments: agreements.filter(
      (a) => a.owner === 'coach' && a.status !== 'dropped' && a.status !== 'proposed',
    ),
  };
}

export const prepareFlow: Flow = {
  name: 'prepare',

  /** args: sessionId, and optionally `step` to resume where the person left off. */
  async start(ctx, args) {
    const sessionId = String(args.sessionId ?? '');
    const data = await load(ctx, sessionId);
    if (!data) return decided(idle(), [{ text: ctx.t('prep.nothing') }]);
    if (!isPreparable(data.session, ctx.now)) return decided(idle(), [{ text: ctx.t('prep.closed') }]);
    const resumeAt =
      !args.restart && typeof args.step === 'string' && (PREP_STEPS as readonly string[]).includes(args.step)
        ? (args.step as PrepStep)
        : null;
    const values: Values = {
      sessionId,
      ...(typeof args.reviewIndex === 'number' ? { reviewIndex: args.reviewIndex } : {}),
    };
    if (resumeAt) return ask(ctx, data, values, resumeAt, [{ text: ctx.t('prep.resumed') }]);
    if (data.session.status === 'prepared' && !args.restart)
      return ask(ctx, data, values, 'summary', [{ text: ctx.t('prep.already') }]);
    const intro: Reply = {
      text: ctx.t('prep.intro', {
        coach: data.coachName,
        when: formatInstant(data.session.startsAt, ctx.person.timeZone, ctx.locale),
      }),
    };
    return ask(ctx, data, values, 'goal', [intro]);
  },

  async handle(ctx, frame, input) {
    const values = frame.values as unknown as Values;
    const step = frame.step as PrepStep;
    const data = await load(ctx, values.sessionId);
    if (!data) return decided(idle(), [{ text: ctx.t('prep.nothing') }]);
    if (!isPreparable(data.session, ctx.now)) return decided(idle(), [{ text: ctx.t('prep.closed') }]);
    if (input.type === 'action' && input.action === 'repeat') return ask(ctx, data, values, step, [], frame.attempts);
    return answer(ctx, data, values, step, input, frame.attempts);
  },
};

function answer(
  ctx: FlowContext,
  data: Loaded,
  values: Values,
  step: PrepStep,
  input: FlowInput,
  attempts: number,
): Decided {
  const prep = data.session.preparation;
  const text = input.type === 'text' ? input.text.trim() : '';
  const word = input.type === 'text' ? command(text) : input.action;
  const skip = word === 'skip';
  const next = (changed: Preparation | null, preface: Reply[] = [], finished = false, v: Values = values): Decided => {
    const target = values.editing && step !== 'summary' ? 'summary' : following(step, changed ?? prep, data);
    return move(ctx, data, v, target, changed, preface, finished);
  };
  const skipped = (): Preparation => ({ ...prep, skipped: addUnique(prep.skipped, [step]) });

  switch (step) {
    case 'goal':
    case 'report':
    case 'coachFeedback': {
      if (skip) return next(skipped());
      if (!text) return ask(ctx, data, values, step, [{ text: ctx.t('prep.again') }], attempts + 1);
      const field = step === 'goal' ? { goal: text } : step === 'report' ? { report: text } : { coachFeedback: text };
      const changed = { ...prep, ...field, skipped: prep.skipped.filter((s) => s !== step) };
      if (step === 'report') {
        // Listen, summarise, ask further: the follow-up question comes even when editing.
        return move(ctx, data, values, 'reportFollowUp', changed, []);
      }
      return next(changed, [{ text: ctx.t('prep.noted') }]);
    }
    case 'reportFollowUp': {
      if (skip || word === 'done') return next(null);
      if (!text) return ask(ctx, data, values, step, [{ text: ctx.t('prep.again') }], attempts + 1);
      return next({ ...prep, reportFollowUp: text }, [{ text: ctx.t('prep.noted') }]);
    }
    case 'successes':
    case 'improvements':
    case 'support':
    case 'topics': {
      const key = LIST_STEPS[step];
      if (word === 'clear')
        return move(ctx, data, values, step, { ...prep, [key]: [] }, [{ text: ctx.t('prep.cleared') }]);
      if (skip) return next(prep[key].length ? null : skipped());
      if (word === 'done') return next(null);
      if (word === 'suggested' && step === 'topics') {
        return move(ctx, data, values, step, { ...prep, topics: addUnique(prep.topics, suggestedTopics(prep)) }, []);
      }
      const items = splitItems(text);
      if (items.length === 0) return ask(ctx, data, values, step, [{ text: ctx.t('prep.again') }], attempts + 1);
      const changed = { ...prep, [key]: addUnique(prep[key], items), skipped: prep.skipped.filter((s) => s !== step) };
      return move(ctx, data, values, step, changed, [
        { text: ctx.t(step === 'successes' ? 'prep.success.added' : 'prep.item.added', { count: items.length }) },
      ]);
    }
    case 'order':
    case 'topicOrder': {
      const key = step === 'order' ? 'improvements' : 'topics';
      if (skip || word === 'keep' || word === 'done') return next(null);
      const order = parseOrder(text, prep[key].length);
      if (!order)
        return ask(
          ctx,
          data,
          values,
          step,
          [{ text: ctx.t('prep.order.again', { n: prep[key].length }) }],
          attempts + 1,
        );
      return next({ ...prep, [key]: orderBy(prep[key], order) }, [{ text: ctx.t('prep.order.done') }]);
    }
    case 'review':
      return review(ctx, data, values, input, text, word, attempts);
    case 'time': {
      if (skip) return next(skipped());
      const minutes =
        input.type === 'action' && input.action === 'minutes'
          ? Number(input.args[0])
          : Number((text.match(/\d+/) ?? [])[0]);
      if (!Number.isInteger(minutes) || minutes < 5 || minutes > data.session.durationMinutes) {
        return ask(
          ctx,
          data,
          values,
          step,
          [{ text: ctx.t('prep.time.again', { max: data.session.durationMinutes }) }],
          attempts + 1,
        );
      }
      return next({ ...prep, desiredMinutes: minutes });
    }
    case 'summary': {
      if (word === 'send') {
        return decided(idle(), [{ text: ctx.t('prep.sent', { coach: data.coachName }) }], [save(data, prep, true)]);
      }
      if (word === 'edit') {
        return decided(frameFor(ctx, values, 'summary', 0), [editMenu(ctx, frameFor(ctx, values, 'summary', 0))]);
      }
      if (input.type === 'action' && input.action === 'goto') {
        const target = input.args[0] as PrepStep;
        if (!EDITABLE.includes(target)) return ask(ctx, data, values, 'summary');
        return ask(ctx, data, { ...values, editing: true, reviewIndex: 0 }, target);
      }
      return ask(ctx, data, values, 'summary', [{ text: ctx.t('prep.summary.hint') }], attempts + 1);
    }
  }
}

/** One open agreement at a time: done / in progress / not yet, then an optional note. */
function review(
  ctx: FlowContext,
  data: Loaded,
  values: Values,
  input: FlowInput,
  text: string,
  word: string | undefined,
  attempts: number,
): Decided {
  const prep = data.session.preparation;
  const index = values.reviewIndex ?? 0;
  const agreement = data.toReview[index];
  const after = (changed: Preparation | null, effects: Effect[] = []): Decided => {
    if (index + 1 < data.toReview.length)
      return move(
        ctx,
        data,
        { ...values, reviewIndex: index + 1, noteFor: undefined },
        'review',
        changed,
        [],
        false,
        effects,
      );
    const target = values.editing ? 'summary' : following('review', changed ?? prep, data);
    return move(ctx, data, { ...values, reviewIndex: 0, noteFor: undefined }, target, changed, [], false, effects);
  };
  if (!agreement) return after(null);
  if (values.noteFor === agreement.id) {
    if (word === 'skip' || word === 'done' || !text) return after(null);
    const agreementReview = prep.agreementReview.map((r) =>
      r.agreementId === agreement.id ? { ...r, note: text } : r,
    );
    return after({ ...prep, agreementReview });
  }
  if (word === 'skip') return after(null);
  const status = input.type === 'action' && input.action === 'status' ? input.args[0] : statusFromText(text);
  if (status !== 'done' && status !== 'in_progress' && status !== 'not_yet')
    return ask(ctx, data, values, 'review', [{ text: ctx.t('prep.review.again') }], attempts + 1);
  const entry = { agreementId: agreement.id, what: agreement.what, status } as const;
  const agreementReview = [...prep.agreementReview.filter((r) => r.agreementId !== agreement.id), entry];
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
  const changed = { ...prep, agreementReview };
  const noteText =
    status === 'done'
      ? 'prep.review.note.done'
      : status === 'in_progress'
        ? 'prep.review.note.progress'
        : 'prep.review.note.notYet';
  const frame = frameFor(ctx, { ...values, noteFor: agreement.id }, 'review', 0);
  return decided(
    frame,
    [
      {
        text: ctx.t(noteText),
        blocks: [{ kind: 'buttons', buttons: [stepButton(frame, 'skip', ctx.t('prep.review.noNote'))] }],
      },
    ],
    [save(data, changed, false), ...effects],
  );
}

function statusFromText(text: string): string | undefined {
  const t = text.toLowerCase();
  if (/^(done|klaar|gedaan|afgerond|yes|ja)\b/.test(t)) return 'done';
  if (/(in progress|bezig|onderweg|busy|working)/.test(t)) return 'in_progress';
  if (/^(not yet|nog niet|no|nee)\b/.test(t)) return 'not_yet';
  return undefined;
}

/** Typed equivalents of the step buttons, in both languages. */
function command(text: string): string | undefined {
  const t = text
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .trim();
  if (['skip', 'overslaan', 'sla over', 'pass'].includes(t)) return 'skip';
  if (
    [
      'done',
      'klaar',
      "that's all",
      'dat was het',
      'nothing else',
      'niets meer',
      'nee',
      'no',
      'verder',
      'next',
    ].includes(t)
  )
    return 'done';
  if (['keep', 'houden', 'zo laten', 'keep this order', 'deze volgorde'].includes(t)) return 'keep';
  if (['send', 'verstuur', 'versturen', 'stuur', 'ok', 'oké', 'prima', 'yes', 'ja'].includes(t)) return 'send';
  if (['edit', 'change', 'wijzig', 'wijzigen', 'aanpassen'].includes(t)) return 'edit';
  return undefined;
}

function suggestedTopics(prep: Preparation): string[] {
  return [...prep.improvements, ...prep.support];
}

/** The step after `step` in the method's order, leaving out what does not apply. */
function following(step: PrepStep, prep: Preparation, data: Loaded): PrepStep {
  let i = PREP_STEPS.indexOf(step) + 1;
  for (; i < PREP_STEPS.length; i++) {
    const s = PREP_STEPS[i] as PrepStep;
    if (s === 'reportFollowUp' && !prep.report) continue;
    if (s === 'review' && data.toReview.length === 0) continue;
    if (s === 'order' && prep.improvements.length < 2) continue;
    if (s === 'topicOrder' && prep.topics.length < 2) continue;
    return s;
  }
  return 'summary';
}

function frameFor(ctx: FlowContext, values: Values, step: PrepStep, attempts: number): DialogFrame {
  return { flow: 'prepare', step, values: { ...values, stamp: ctx.turn.revision }, attempts };
}

function save(data: Loaded, preparation: Preparation, finished: boolean): Effect {
  return { type: 'preparation.save', sessionId: data.session.id, preparation, finished };
}

/** Moves to a step, saving the changed preparation (if any) and asking the step's question. */
function move(
  ctx: FlowContext,
  data: Loaded,
  values: Values,
  step: PrepStep,
  changed: Preparation | null,
  preface: Reply[],
  finished = false,
  extra: Effect[] = [],
): Decided {
  const current = changed ? { ...data, session: { ...data.session, preparation: changed } } : data;
  const asked = ask(ctx, current, values, step, preface);
  const effects = changed ? [save(data, changed, finished), ...extra] : extra;
  return { ...asked, effects: [...asked.effects, ...effects] };
}

function ask(
  ctx: FlowContext,
  data: Loaded,
  values: Values,
  step: PrepStep,
  preface: Reply[] = [],
  attempts = 0,
): Decided {
  const t = ctx.t;
  const frame = frameFor(ctx, values, step, attempts);
  const prep = data.session.preparation;
  const skip = stepButton(frame, 'skip', t('button.skip'));
  const done = stepButton(frame, 'done', t('button.thatsAll'), undefined, 'primary');
  const q = (text: string, ...blocks: Block[]): Decided =>
    decided(frame, [...preface, blocks.length ? { text, blocks } : { text }]);
  const buttons = (...list: Button[]): Block => ({ kind: 'buttons', buttons: list });
  const current = (items: readonly string[], title: string): Block[] =>
    items.length ? [{ kind: 'list', title, items, ordered: true }] : [];

  switch (step) {
    case 'goal':
      return q(
        t('prep.goal.ask'),
        { kind: 'fields', fields: [{ label: t('label.trajectoryGoal'), value: data.trajectory.goal }] },
        ...(prep.goal ? [{ kind: 'text' as const, text: t('prep.current', { value: prep.goal }) }] : []),
        buttons(skip),
      );
    case 'report':
      return q(
        t('prep.report.ask'),
        ...(prep.report ? [{ kind: 'text' as const, text: t('prep.current', { value: prep.report }) }] : []),
        buttons(skip),
      );
    case 'reportFollowUp':
      return q(
        t('prep.report.followUp', { summary: summarise(prep.report ?? '') }),
        buttons(stepButton(frame, 'done', t('button.nothingToAdd'))),
      );
    case 'successes':
      return q(
        prep.successes.length ? t('prep.successes.more') : t('prep.successes.ask'),
        ...current(prep.successes, t('label.successes')),
        buttons(
          done,
          skip,
          ...(values.editing && prep.successes.length ? [stepButton(frame, 'clear', t('button.clear'))] : []),
        ),
      );
    case 'review': {
      const agreement = data.toReview[values.reviewIndex ?? 0];
      if (!agreement) return q(t('prep.noted'));
      return q(
        t('prep.review.ask', { what: agreement.what, due: formatDate(agreement.due, ctx.locale) }),
        buttons(
          stepButton(frame, 'status', t('review.done'), 'done', 'primary'),
          stepButton(frame, 'status', t('review.in_progress'), 'in_progress'),
          stepButton(frame, 'status', t('review.not_yet'), 'not_yet'),
          skip,
        ),
      );
    }
    case 'coachFeedback': {
      const commitments = data.coachCommitments.map((a) => `${a.what} (${t(`status.${a.status}`)})`);
      return q(
        t('prep.coachFeedback.ask', { coach: data.coachName }),
        ...(commitments.length
          ? [
              {
                kind: 'list' as const,
                title: t('prep.coachFeedback.commitments', { coach: data.coachName }),
                items: commitments,
              },
            ]
          : []),
        buttons(skip),
      );
    }
    case 'improvements':
      return q(
        prep.improvements.length ? t('prep.improvements.more') : t('prep.improvements.ask'),
        ...current(prep.improvements, t('label.improvements')),
        buttons(
          done,
          skip,
          ...(values.editing && prep.improvements.length ? [stepButton(frame, 'clear', t('button.clear'))] : []),
        ),
      );
    case 'order':
    case 'topicOrder': {
      const items = step === 'order' ? prep.improvements : prep.topics;
      return q(
        t(step === 'order' ? 'prep.order.ask' : 'prep.topicOrder.ask'),
        { kind: 'list', items, ordered: true },
        buttons(stepButton(frame, 'keep', t('button.keepOrder'), undefined, 'primary')),
      );
    }
    case 'support':
      return q(
        prep.support.length
          ? t('prep.support.more', { coach: data.coachName })
          : t('prep.support.ask', { coach: data.coachName }),
        ...current(prep.support, t('label.support')),
        buttons(done, skip),
      );
    case 'topics': {
      const suggestions = suggestedTopics(prep).filter(
        (s) => !prep.topics.some((x) => x.toLowerCase() === s.toLowerCase()),
      );
      return q(
        prep.topics.length ? t('prep.topics.more') : t('prep.topics.ask'),
        ...current(prep.topics, t('label.topics')),
        ...(suggestions.length
          ? [{ kind: 'list' as const, title: t('prep.topics.suggestions'), items: suggestions }]
          : []),
        buttons(
          ...(suggestions.length ? [stepButton(frame, 'suggested', t('button.useSuggestions'))] : []),
          done,
          skip,
        ),
      );
    }
    case 'time': {
      const options = [15, 30, 45, 60, 90].filter((m) => m < data.session.durationMinutes);
      return q(
        t('prep.time.ask', { duration: data.session.durationMinutes }),
        buttons(
          ...options.map((m) => stepButton(frame, 'minutes', t('minutes', { n: m }), String(m))),
          stepButton(
            frame,
            'minutes',
            t('prep.time.all', { n: data.session.durationMinutes }),
            String(data.session.durationMinutes),
          ),
          skip,
        ),
      );
    }
    case 'summary':
      return decided(frame, [
        ...preface,
        {
          ...preparationSummary(ctx, data.trajectory, data.session),
          blocks: [
            ...(preparationSummary(ctx, data.trajectory, data.session).blocks ?? []),
            buttons(
              stepButton(frame, 'send', t('prep.summary.send', { coach: data.coachName }), undefined, 'primary'),
              stepButton(frame, 'edit', t('button.change')),
            ),
          ],
        },
      ]);
  }
}

function editMenu(ctx: FlowContext, frame: DialogFrame): Reply {
  return {
    text: ctx.t('prep.edit.ask'),
    blocks: [
      {
        kind: 'buttons',
        buttons: EDITABLE.map((s) => stepButton(frame, 'goto', ctx.t(`prep.section.${s}` as 'prep.section.goal'), s)),
      },
    ],
  };
}

/** The whole preparation as the employee sees it before sending (and in `prepare` once sent). */
export function preparationSummary(ctx: FlowContext, trajectory: Trajectory, session: Session): Reply {
  const t = ctx.t;
  const p = session.preparation;
  const none = t('prep.summary.none');
  const list = (title: string, items: readonly string[], ordered = false): Block =>
    items.length ? { kind: 'list', title, items, ordered } : { kind: 'section', title, text: none };
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
      {
        kind: 'section',
        title: t('prep.section.report'),
        text: [p.report, p.reportFollowUp].filter(Boolean).join('\n') || none,
      },
      list(t('label.successes'), p.successes),
      list(
        t('label.review'),
        p.agreementReview.map((r) => `${r.what}: ${t(`review.${r.status}`)}${r.note ? ` – ${r.note}` : ''}`),
      ),
      { kind: 'section', title: t('prep.section.coachFeedback'), text: p.coachFeedback ?? none },
      list(t('label.improvements'), p.improvements, true),
      list(t('label.support'), p.support),
      list(t('label.topics'), p.topics, true),
      {
        kind: 'fields',
        fields: [
          {
            label: t('label.time'),
            value: p.desiredMinutes
              ? t('minutes', { n: p.desiredMinutes })
              : t('minutes', { n: session.durationMinutes }),
          },
        ],
      },
    ],
  };
}
