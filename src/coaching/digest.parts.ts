/**
 * The parts of the coach's digest that are pure rules: time boxes that add up, which preparation the coach may read
 * (the sent copy), what the trajectory tells about this conversation (intake, last evaluations, first or not), and
 * the open questions that are never dropped.
 */
import type { Translate } from '../i18n/index.js';
import type { Agreement, Intake, Locale, PreparationContent, Session, SessionNote, Trajectory } from './model.js';
import { formatDate } from './time.js';

export interface TimeBox {
  readonly label: string;
  readonly minutes: number;
}

/**
 * Splits the conversation into time boxes: an opening (goal and status), successes, each topic in priority order
 * (the first gets most), and a closing for agreements, the next date and the evaluation. Boxes are whole 5-minute
 * steps that add up exactly to the conversation's length. `topicMinutes` is the employee's answer to "how much of
 * it would you like for your topics?": the topics get that, the frame around them the rest.
 */
export function timeBoxes(
  topics: readonly string[],
  totalMinutes: number,
  t: Translate,
  topicMinutes?: number,
): TimeBox[] {
  const total = Math.max(15, Math.round(totalMinutes / 5) * 5);
  const { opening, successes, closing } = frameOf(total, topicMinutes);
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
 * The frame around the topics: opening (goal, how things stand), successes, closing (agreements, next date,
 * evaluation). Without a wish the topics get what the frame leaves; with one, the frame gets what the topics leave,
 * never less than 15 minutes (10 in a conversation under half an hour): the method's steps need their moment.
 */
function frameOf(total: number, topicMinutes: number | undefined) {
  if (topicMinutes === undefined)
    return total >= 30 ? { opening: 5, successes: 5, closing: 10 } : { opening: 5, successes: 0, closing: 5 };
  const frame = Math.max(total >= 30 ? 15 : 10, total - Math.round(topicMinutes / 5) * 5);
  const successes = frame >= 15 ? 5 : 0;
  const closing = frame >= 20 ? 10 : 5;
  return { opening: frame - successes - closing, successes, closing };
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
  // The notes typed about the conversations since the last one took place ("did it take place?" answered in words).
  const lastHeld = earlier.find((s) => s.status === 'held' || s.status === 'evaluated');
  const notes = [session, ...earlier]
    .filter((s) => !lastHeld || s.number >= lastHeld.number)
    .flatMap((s) => s.notes ?? [])
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const held = earlier.some((s) => s.status === 'held' || s.status === 'evaluated');
  return {
    ...(intake ? { intake } : {}),
    ...(previous ? { lastEvaluations: previous.evaluations } : {}),
    ...(notes.length ? { notes } : {}),
    first: !held,
  };
}

export const hasIntake = (i: Intake): boolean => Boolean(i.learning || i.challenge || i.firstStep || i.keepInformed);

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
  /** Notes both typed about the last conversation (and any since), oldest first. */
  readonly notes?: readonly SessionNote[];
  /** No conversation has taken place yet in this trajectory. */
  readonly first: boolean;
}
