/**
 * The coach's pre-session digest: the employee's agenda in their own priority with time boxes that fit, their
 * successes with a prompt to compliment them, what could go even better, how earlier agreements went, where they
 * want support, feedback on the coach's own commitments, and three open questions in the "ask how it could be
 * done" register drawn from what the employee wrote. The coach is reminded to listen, summarise and ask further.
 */
import type { Block, Reply } from '../core/reply.js';
import type { Translate } from '../i18n/index.js';
import type { Agreement, Locale, Person, Session, Trajectory } from './model.js';
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

/** Three open questions drawn from the employee's own words: never "why not", always "how could". */
export function openQuestions(session: Session, trajectory: Trajectory, t: Translate): string[] {
  const p = session.preparation;
  const questions: string[] = [];
  const first = (list: readonly string[]) => list[0];
  const improvement = first(p.improvements);
  if (improvement) questions.push(t('digest.q.improvement', { item: improvement }));
  const success = first(p.successes);
  if (success) questions.push(t('digest.q.success', { item: success }));
  const support = first(p.support);
  if (support) questions.push(t('digest.q.support', { item: support }));
  const notYet = p.agreementReview.find((r) => r.status !== 'done');
  if (notYet) questions.push(t('digest.q.agreement', { item: notYet.what }));
  const second = p.improvements[1];
  if (second) questions.push(t('digest.q.improvement', { item: second }));
  questions.push(t('digest.q.goal', { item: p.goal ?? trajectory.goal }));
  questions.push(t('digest.q.learning'));
  return questions.slice(0, 3);
}

export interface DigestInput {
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

export function coachDigest(input: DigestInput): Reply {
  const { session, trajectory, employee, coach, t, locale } = input;
  const p = session.preparation;
  const when = formatInstant(session.startsAt, coach.timeZone, locale);
  const title = t(input.final ? 'digest.titleFinal' : 'digest.title', { name: employee.displayName, when });
  const today = toLocal(input.now, coach.timeZone).date;
  const earlier = input.agreements.filter(
    (a) => a.sessionId !== session.id && a.status !== 'proposed' && a.status !== 'dropped',
  );
  const reviewLine = (a: Agreement): string => {
    const review = p.agreementReview.find((r) => r.agreementId === a.id);
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

  const prepared =
    session.status === 'prepared' ||
    p.successes.length + p.topics.length + p.improvements.length > 0 ||
    Boolean(p.goal);
  if (!prepared) {
    const blocks: Block[] = [
      { kind: 'text', text: t('digest.notPrepared', { name: employee.displayName }) },
      { kind: 'fields', fields: [{ label: t('label.trajectoryGoal'), value: trajectory.goal }] },
      {
        kind: 'list',
        title: t('digest.openingQuestions'),
        items: [t('digest.open.1'), t('digest.open.2'), t('digest.open.3'), t('digest.open.4')],
      },
    ];
    if (earlier.length) blocks.push({ kind: 'list', title: t('label.review'), items: earlier.map(reviewLine) });
    blocks.push({ kind: 'text', text: t('digest.lsd', { name: employee.displayName }) });
    return { text: `${title} ${t('digest.notPreparedShort', { name: employee.displayName })}`, blocks };
  }

  const total = p.desiredMinutes ?? session.durationMinutes;
  const boxes = timeBoxes(p.topics, Math.min(total, session.durationMinutes), t);
  const none = t('prep.summary.none');
  const blocks: Block[] = [
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
  blocks.push({ kind: 'list', title: t('digest.questions'), items: openQuestions(session, trajectory, t) });
  blocks.push({ kind: 'text', text: t('digest.lsd', { name: employee.displayName }) });
  return { text: title, blocks };
}
