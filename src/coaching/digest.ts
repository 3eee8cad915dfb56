/**
 * The coach's pre-session digest: the employee's agenda in their own priority with time boxes that fit, their
 * successes with a prompt to compliment them, what could go even better, how earlier agreements went, where they
 * want support, feedback on the coach's own commitments, and three open questions in the "ask how it could be
 * done" register drawn from what the employee wrote. The coach is reminded to listen, summarise and ask further.
 */
import type { Block, Reply } from '../core/reply.js';
import type { Translate } from '../i18n/index.js';
import { coachVisible, hasIntake, openQuestions, timeBoxes, type DigestContext } from './digest.parts.js';
import type { Agreement, Evaluation, Locale, Person, PreparationContent, Session, Trajectory } from './model.js';
import { formatDate, formatInstant, toLocal } from './time.js';

export {
  coachVisible,
  digestContext,
  openQuestions,
  timeBoxes,
  type DigestContext,
  type TimeBox,
} from './digest.parts.js';

export interface DigestInput extends Partial<DigestContext> {
  readonly session: Session;
  readonly trajectory: Trajectory;
  readonly employee: Person;
  readonly coach: Person;
  /** Agreements of the trajectory made before this session. */
  readonly agreements: readonly Agreement[];
  readonly t: Translate;
  readonly locale: Locale;
  readonly now: Date;
  /** The final digest, sent an hour before the conversation. */
  readonly final?: boolean;
}

/** The blocks every digest opens with: the employee's conclusion, what was said last time, the intake. */
function opening(input: DigestInput, p: PreparationContent | null): Block[] {
  const { t, employee, coach } = input;
  const blocks: Block[] = [];
  if (p?.conclusion)
    blocks.push({
      kind: 'section',
      title: t('digest.conclusion', { name: employee.displayName }),
      text: `“${p.conclusion}”`,
    });
  const last = input.lastEvaluations;
  const said = (name: string, e: Evaluation | undefined): string[] =>
    e
      ? [
          e.rating
            ? t('digest.lastTime.rated', { name, rating: e.rating, comment: e.comment || t('prep.summary.none') })
            : t('digest.lastTime.line', { name, comment: e.comment || t('prep.summary.none') }),
        ]
      : [];
  const lines = last ? [...said(employee.displayName, last.employee), ...said(coach.displayName, last.coach)] : [];
  for (const n of input.notes ?? [])
    lines.push(
      t('digest.lastTime.note', {
        name: n.role === 'employee' ? employee.displayName : coach.displayName,
        note: n.text,
      }),
    );
  if (lines.length) blocks.push({ kind: 'list', title: t('digest.lastTime'), items: lines });
  const intake = input.intake;
  if (intake && hasIntake(intake)) {
    const fields = (
      [
        ['label.learning', intake.learning],
        ['label.challenge', intake.challenge],
        ['label.firstStep', intake.firstStep],
        ['label.keepInformed', intake.keepInformed],
      ] as const
    )
      .filter((f): f is readonly [(typeof f)[0], string] => Boolean(f[1]))
      .map(([label, value]) => ({ label: t(label), value }));
    blocks.push({ kind: 'section', title: t('label.intake') }, { kind: 'fields', fields });
  }
  return blocks;
}

interface Shared {
  readonly title: string;
  readonly earlier: readonly Agreement[];
  readonly reviewLine: (a: Agreement) => string;
  readonly questions: (prep: PreparationContent | null) => string[];
}

/**
 * The final digest's title says how long until the conversation as it is read: "in an hour" when it goes out on
 * time, "in 20 minutes" when it was held up, the plain title when more than 70 minutes remain.
 */
function finalTitle(minutes: number): 'digest.titleFinal' | 'digest.titleFinal.minutes' | 'digest.title' {
  if (minutes > 70) return 'digest.title';
  return minutes >= 50 ? 'digest.titleFinal' : 'digest.titleFinal.minutes';
}

function shared(input: DigestInput, p: PreparationContent | null): Shared {
  const { session, trajectory, employee, coach, t, locale } = input;
  const when = formatInstant(session.startsAt, coach.timeZone, locale);
  const today = toLocal(input.now, coach.timeZone).date;
  const earlier = input.agreements.filter(
    (a) => a.sessionId !== session.id && a.status !== 'proposed' && a.status !== 'dropped',
  );
  // A passed date of the employee's becomes a question to ask, unless their preparation already said how it stands
  // (then the review's own question covers it); the coach's own shows in the list as their own commitment.
  const reviewed = new Set(p?.agreementReview.map((r) => r.agreementId));
  const passed = earlier.filter(
    (a) => a.status === 'open' && a.due < today && a.owner === 'employee' && !reviewed.has(a.id),
  );
  const reviewLine = (a: Agreement): string => {
    const review = p?.agreementReview.find((r) => r.agreementId === a.id);
    const state =
      a.status === 'done'
        ? t('review.done')
        : review
          ? t(`review.${review.status}`)
          : a.due < today
            ? t(a.owner === 'coach' ? 'digest.ownPassed' : 'digest.overdue')
            : t('review.in_progress');
    const owner = a.owner === 'coach' ? coach.displayName : employee.displayName;
    return `${owner}: ${a.what} (${formatDate(a.due, locale)}) – ${state}${review?.note ? ` – “${review.note}”` : ''}`;
  };
  const minutes = Math.round((session.startsAt.getTime() - input.now.getTime()) / 60_000);
  return {
    title: t(input.final ? finalTitle(minutes) : 'digest.title', { name: employee.displayName, when, n: minutes }),
    earlier,
    reviewLine,
    questions: (prep) =>
      openQuestions(prep, trajectory, t, {
        passed,
        locale,
        first: input.first ?? false,
        ...(input.intake ? { intake: input.intake } : {}),
      }),
  };
}

/** The open questions, or nothing at all when there are none (never a heading over an empty list). */
const questionList = (t: Translate, items: string[]): Block[] =>
  items.length ? [{ kind: 'list', title: t('digest.questions'), items }] : [];

/** Nothing sent yet: opening questions instead of an agenda, and still everything the coach should not miss. */
function notPreparedDigest(input: DigestInput, x: Shared): Reply {
  const { t, employee, trajectory } = input;
  const blocks: Block[] = [
    ...opening(input, null),
    { kind: 'text', text: t('digest.notPrepared', { name: employee.displayName }) },
    { kind: 'fields', fields: [{ label: t('label.trajectoryGoal'), value: trajectory.goal }] },
    {
      kind: 'list',
      title: t('digest.openingQuestions'),
      // Nothing about "since we last spoke" before a first conversation.
      items: [
        t('digest.open.1'),
        t('digest.open.2'),
        t(input.first ? 'digest.open.3first' : 'digest.open.3'),
        t('digest.open.4'),
      ],
    },
  ];
  if (x.earlier.length) blocks.push({ kind: 'list', title: t('label.review'), items: x.earlier.map(x.reviewLine) });
  blocks.push(...questionList(t, x.questions(null)));
  blocks.push({ kind: 'text', text: t('digest.lsd', { name: employee.displayName }) });
  return { text: `${x.title} ${t('digest.notPreparedShort', { name: employee.displayName })}`, blocks };
}

/** The goal, the agenda in the employee's priority with time boxes, and the travel report. */
function agendaBlocks(input: DigestInput, p: PreparationContent): Block[] {
  const { t, session, trajectory } = input;
  const boxes = timeBoxes(p.topics, session.durationMinutes, t, p.desiredMinutes);
  const none = t('prep.summary.none');
  return [
    {
      kind: 'fields',
      fields: [
        { label: t('label.sessionGoal'), value: p.goal ?? none },
        { label: t('label.trajectoryGoal'), value: trajectory.goal },
        { label: t('label.duration'), value: t('minutes', { n: session.durationMinutes }) },
        ...(p.desiredMinutes !== undefined
          ? [{ label: t('label.topicTime'), value: t('minutes', { n: p.desiredMinutes }) }]
          : []),
      ],
    },
    {
      kind: 'list',
      title: t('digest.agenda'),
      items: boxes.map((b) => `${b.label} – ${t('minutes', { n: b.minutes })}`),
      ordered: true,
    },
    ...(p.report
      ? [
          {
            kind: 'section' as const,
            title: t('prep.section.report'),
            text: [p.report, p.reportFollowUp].filter(Boolean).join('\n'),
          },
        ]
      : []),
  ];
}

export function coachDigest(input: DigestInput): Reply {
  const { employee, t } = input;
  const p = coachVisible(input.session);
  const x = shared(input, p);
  if (!p) return notPreparedDigest(input, x);
  const blocks: Block[] = [...opening(input, p), ...agendaBlocks(input, p)];
  blocks.push(
    p.successes.length
      ? { kind: 'list', title: t('digest.successes'), items: p.successes }
      : { kind: 'section', title: t('digest.successes'), text: t('digest.successes.none') },
  );
  if (p.successes.length) blocks.push({ kind: 'text', text: t('digest.compliment', { name: employee.displayName }) });
  if (p.improvements.length)
    blocks.push({ kind: 'list', title: t('label.improvements'), items: p.improvements, ordered: true });
  if (x.earlier.length || p.agreementReview.length)
    blocks.push({ kind: 'list', title: t('label.review'), items: x.earlier.map(x.reviewLine) });
  if (p.support.length) blocks.push({ kind: 'list', title: t('digest.support'), items: p.support });
  if (p.coachFeedback) blocks.push({ kind: 'section', title: t('digest.feedback'), text: p.coachFeedback });
  blocks.push(...questionList(t, x.questions(p)));
  blocks.push({ kind: 'text', text: t('digest.lsd', { name: employee.displayName }) });
  return { text: x.title, blocks };
}
