/**
 * The coach's pre-session digest: the employee's agenda in their own priority with time boxes that fit, their
 * successes with a prompt to compliment them, what could go even better, how earlier agreements went, where they
 * want support, feedback on the coach's own commitments, and three open questions in the "ask how it could be
 * done" register drawn from what the employee wrote. The coach is reminded to listen, summarise and ask further.
 */
import type { Block, Reply } from '../core/reply.js';
import type { Translate } from '../i18n/index.js';
import type {
  Agreement,
  Evaluation,
  Intake,
  Locale,
  Person,
  PreparationContent,
  Session,
  Trajectory,
} from './model.js';
import { formatDate, formatInstant, toLocal } from './time.js';

export interface TimeBox {
  readonly label: string;
  readonly minutes: number;
}

/**
 * Splits the conversation into time boxes: an opening (goal and status), successes, each topic in priority order
 * (the first gets most), and a closing for agreements, the next date and the evaluation. Boxes are whole 5-minute
 * steps that add up exactly to the time available.
 */
export function timeBoxes(topics: readonly string[], totalMinutes: number, t: Translate): TimeBox[] {
  const total = Math.max(15, Math.round(totalMinutes / 5) * 5);
  const opening = 5;
  const successes = total >= 30 ? 5 : 0;
  const closing = total >= 30 ? 10 : 5;
  let left = total - opening - successes - closing;
  const items = topics.length ? topics : [t('digest.openTopic')];
  const boxes: TimeBox[] = [{ label: t('digest.box.opening'), minutes: opening }];
  if (successes) boxes.push({ label: t('digest.box.successes'), minutes: successes });
  const weights = items.map((_, i) => items.length - i);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const topicBoxes = items.map((label, i) => ({
    label,
    minutes: Math.max(5, Math.floor((left * (weights[i] ?? 1)) / weightSum / 5) * 5),
  }));
  // Hand out what rounding left over, in priority order; take back from the lowest priorities if over.
  let used = topicBoxes.reduce((a, b) => a + b.minutes, 0);
  for (let i = 0; used < left; i = (i + 1) % topicBoxes.length) {
    const box = topicBoxes[i];
    if (box) topicBoxes[i] = { ...box, minutes: box.minutes + 5 };
    used += 5;
  }
  for (let i = topicBoxes.length - 1; used > left && i >= 0; i--) {
    const box = topicBoxes[i];
    if (box && box.minutes > 5) {
      topicBoxes[i] = { ...box, minutes: box.minutes - 5 };
      used -= 5;
      i++;
    }
  }
  left -= used;
  boxes.push(...topicBoxes, { label: t('digest.box.closing'), minutes: closing + Math.max(0, left) });
  return boxes;
}

/**
 * What the coach may read of a preparation: the copy made when the employee last pressed send. Nothing before the
 * first send (a draft is private); a preparation finished before copies were kept counts as sent as it is.
 */
export function coachVisible(session: Session): PreparationContent | null {
  const { sent, ...live } = session.preparation;
  if (sent) return sent;
  return live.completedAt ? live : null;
}

/** From the trajectory's sessions: the newest intake the coach may see, and the evaluations of the session before. */
export function digestContext(session: Session, sessions: readonly Session[]): DigestContext {
  const earlier = sessions.filter((s) => s.number < session.number).sort((a, b) => b.number - a.number);
  const intake = [session, ...earlier].map((s) => coachVisible(s)?.intake).find((i) => i && hasIntake(i));
  const previous = earlier.find((s) => s.evaluations.employee || s.evaluations.coach);
  const held = earlier.some((s) => s.status === 'held' || s.status === 'evaluated');
  return {
    ...(intake ? { intake } : {}),
    ...(previous ? { lastEvaluations: previous.evaluations } : {}),
    first: !held,
  };
}

const hasIntake = (i: Intake): boolean => Boolean(i.learning || i.challenge || i.firstStep || i.keepInformed);

/**
 * The open questions for the coach, drawn from the employee's own words: never "why not", always "how could".
 * Up to three from what they wrote; then every agreement whose date has passed, as a question (tip 7); then, never
 * dropped, the first small step and how they learn best (tips 4 and 9) unless the intake already answers them, and
 * in a first conversation the challenge and how to keep each other informed (tips 3 and 6).
 */
export function openQuestions(
  p: PreparationContent | null,
  trajectory: Trajectory,
  t: Translate,
  extra: {
    readonly passed?: readonly Agreement[];
    readonly intake?: Intake;
    readonly first?: boolean;
    readonly locale?: Locale;
  } = {},
): string[] {
  const content: string[] = [];
  const improvement = p?.improvements[0];
  if (improvement) content.push(t('digest.q.improvement', { item: improvement }));
  const success = p?.successes[0];
  if (success) content.push(t('digest.q.success', { item: success }));
  const support = p?.support[0];
  if (support) content.push(t('digest.q.support', { item: support }));
  const notYet = p?.agreementReview.find((r) => r.status !== 'done');
  if (notYet) content.push(t('digest.q.agreement', { item: notYet.what }));
  const second = p?.improvements[1];
  if (second) content.push(t('digest.q.improvement', { item: second }));
  const passed = (extra.passed ?? []).map((a) =>
    t('digest.q.passed', { item: a.what, date: formatDate(a.due, extra.locale ?? 'en') }),
  );
  const intake = extra.intake ?? {};
  const always = [
    ...(intake.firstStep ? [] : [t('digest.q.goal', { item: p?.goal ?? trajectory.goal })]),
    ...(intake.learning ? [] : [t('digest.q.learning')]),
    ...(extra.first && !intake.challenge ? [t('digest.q.challenge')] : []),
    ...(extra.first && !intake.keepInformed ? [t('digest.q.keepInformed')] : []),
  ];
  return [...content.slice(0, 3), ...passed, ...always];
}

export interface DigestContext {
  /** The newest intake in the trajectory the coach may see. */
  readonly intake?: Intake;
  /** What both said about the conversation before this one. */
  readonly lastEvaluations?: Session['evaluations'];
  /** No conversation has taken place yet in this trajectory. */
  readonly first: boolean;
}

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

export function coachDigest(input: DigestInput): Reply {
  const { session, trajectory, employee, coach, t, locale } = input;
  const p = coachVisible(session);
  const when = formatInstant(session.startsAt, coach.timeZone, locale);
  const title = t(input.final ? 'digest.titleFinal' : 'digest.title', { name: employee.displayName, when });
  const today = toLocal(input.now, coach.timeZone).date;
  const earlier = input.agreements.filter(
    (a) => a.sessionId !== session.id && a.status !== 'proposed' && a.status !== 'dropped',
  );
  const passed = earlier.filter((a) => a.status === 'open' && a.due < today);
  const reviewLine = (a: Agreement): string => {
    const review = p?.agreementReview.find((r) => r.agreementId === a.id);
    const state =
      a.status === 'done'
        ? t('review.done')
        : review
          ? t(`review.${review.status}`)
          : a.due < today
            ? t('digest.overdue')
            : t('review.in_progress');
    const owner = a.owner === 'coach' ? coach.displayName : employee.displayName;
    return `${owner}: ${a.what} (${formatDate(a.due, locale)}) – ${state}${review?.note ? ` – “${review.note}”` : ''}`;
  };
  const questions = (prep: PreparationContent | null): string[] =>
    openQuestions(prep, trajectory, t, {
      passed,
      locale,
      first: input.first ?? false,
      ...(input.intake ? { intake: input.intake } : {}),
    });

  if (!p) {
    const blocks: Block[] = [
      ...opening(input, null),
      { kind: 'text', text: t('digest.notPrepared', { name: employee.displayName }) },
      { kind: 'fields', fields: [{ label: t('label.trajectoryGoal'), value: trajectory.goal }] },
      {
        kind: 'list',
        title: t('digest.openingQuestions'),
        items: [t('digest.open.1'), t('digest.open.2'), t('digest.open.3'), t('digest.open.4')],
      },
    ];
    if (earlier.length) blocks.push({ kind: 'list', title: t('label.review'), items: earlier.map(reviewLine) });
    blocks.push({ kind: 'list', title: t('digest.questions'), items: questions(null) });
    blocks.push({ kind: 'text', text: t('digest.lsd', { name: employee.displayName }) });
    return { text: `${title} ${t('digest.notPreparedShort', { name: employee.displayName })}`, blocks };
  }

  const total = p.desiredMinutes ?? session.durationMinutes;
  const boxes = timeBoxes(p.topics, Math.min(total, session.durationMinutes), t);
  const none = t('prep.summary.none');
  const blocks: Block[] = [
    ...opening(input, p),
    {
      kind: 'fields',
      fields: [
        { label: t('label.sessionGoal'), value: p.goal ?? none },
        { label: t('label.trajectoryGoal'), value: trajectory.goal },
        { label: t('label.duration'), value: t('minutes', { n: session.durationMinutes }) },
      ],
    },
    {
      kind: 'list',
      title: t('digest.agenda'),
      items: boxes.map((b) => `${b.label} – ${t('minutes', { n: b.minutes })}`),
      ordered: true,
    },
  ];
  if (p.report)
    blocks.push({
      kind: 'section',
      title: t('prep.section.report'),
      text: [p.report, p.reportFollowUp].filter(Boolean).join('\n'),
    });
  blocks.push(
    p.successes.length
      ? { kind: 'list', title: t('digest.successes'), items: p.successes }
      : { kind: 'section', title: t('digest.successes'), text: t('digest.successes.none') },
  );
  if (p.successes.length) blocks.push({ kind: 'text', text: t('digest.compliment', { name: employee.displayName }) });
  if (p.improvements.length)
    blocks.push({ kind: 'list', title: t('label.improvements'), items: p.improvements, ordered: true });
  if (earlier.length || p.agreementReview.length)
    blocks.push({ kind: 'list', title: t('label.review'), items: earlier.map(reviewLine) });
  if (p.support.length) blocks.push({ kind: 'list', title: t('digest.support'), items: p.support });
  if (p.coachFeedback) blocks.push({ kind: 'section', title: t('digest.feedback'), text: p.coachFeedback });
  blocks.push({ kind: 'list', title: t('digest.questions'), items: questions(p) });
  blocks.push({ kind: 'text', text: t('digest.lsd', { name: employee.displayName }) });
  return { text: title, blocks };
}
