/**
 * Which open question does a typed reply answer? The bot asks questions in two ways: inside a conversation flow
 * (preparation, wrapping up, an agreement being written) and in messages it sends on its own (a reminder about an
 * agreement, "did your conversation take place?"). A person answers whatever they read last, so:
 *
 * 1. A form that is open (the person is filling in fields) keeps every reply: it is the thing in front of them.
 *    (`replyTarget` supports it; no flow step asks through a form today: the quick-entry form is submitted whole.)
 * 2. Otherwise the most recently asked question wins — the flow's current step or the newest open question a
 *    message asked — compared by the turn revision at which each was asked (a per-person counter, so the order is
 *    exact and independent of clocks).
 * 3. A question stops being open once it is answered, once what it asks about is closed (the agreement is done,
 *    the session evaluated), or after OPEN_FOR_MS; stale questions never swallow a reply. One exception: planning
 *    the next date ("Shall we pick a date?") says nothing about whether the conversation took place, so "Did it
 *    take place?" about it stays open behind what was answered since: only words that name its answer reach it.
 * 4. No open question and no flow: the reply answers nothing that was asked (the caller says what it can do).
 */

/** `planned`: a planned conversation shown with [Move] [Call off] ("next session"), open for the next reply only. */
export type AskedKind =
  'agreement' | 'session' | 'trajectory' | 'prep' | 'feasibility' | 'proposal' | 'next' | 'planned';

/** A question a message asked outside a flow, kept until it is answered. */
export interface AskedQuestion {
  readonly kind: AskedKind;
  /** The agreement or session the question is about. */
  readonly ref: string;
  /** The turn revision that asked it. */
  readonly revision: number;
  /** When it was asked (ISO), for expiry. */
  readonly at: string;
  /**
   * Only a reply that names what it asks reaches it ("yes, it took place", "we moved it"), not a bare yes or other
   * words: "Did it take place?" once "Shall we pick a date?" about the same conversation was answered after it.
   */
  readonly named?: true;
}

export interface FlowQuestion {
  readonly revision: number;
  /** The step shows a form (fields to fill in), rather than a single question. */
  readonly form: boolean;
}

export type ReplyTarget =
  { readonly to: 'flow' } | { readonly to: 'asked'; readonly question: AskedQuestion } | { readonly to: 'nothing' };

/** How long an unanswered question from a message keeps taking replies. */
export const OPEN_FOR_MS = 14 * 24 * 60 * 60 * 1000;

/** Questions still open at `now`: not expired, newest first. */
export function openQuestions(asked: readonly AskedQuestion[], now: Date): AskedQuestion[] {
  return asked.filter((q) => now.getTime() - Date.parse(q.at) < OPEN_FOR_MS).sort((a, b) => b.revision - a.revision);
}

/** `named`: the reply names what a `named` question asks, so such a question may take it. */
export function replyTarget(
  flow: FlowQuestion | null,
  asked: readonly AskedQuestion[],
  now: Date,
  named = false,
): ReplyTarget {
  if (flow?.form) return { to: 'flow' };
  const newest = openQuestions(asked, now).find((q) => named || !q.named);
  if (newest && (!flow || newest.revision > flow.revision)) return { to: 'asked', question: newest };
  if (flow) return { to: 'flow' };
  return { to: 'nothing' };
}

/** Records a question a message asks; asking about the same thing again replaces the earlier one. Keeps at most 10. */
export function remember(asked: readonly AskedQuestion[], question: AskedQuestion): AskedQuestion[] {
  return [question, ...asked.filter((q) => !(q.kind === question.kind && q.ref === question.ref))].slice(0, 10);
}

/** Forgets the questions about `ref` (answered, or what they asked about is closed). */
export function forget(asked: readonly AskedQuestion[], ref: string): AskedQuestion[] {
  return asked.filter((q) => q.ref !== ref);
}

/**
 * The open questions once `answered` (a typed reply, or a button about `ref`) is answered: those about the same thing
 * close with it. Except "Did it take place?" when what was answered is "Shall we pick a date?" about that same
 * conversation: fixing the next date does not say whether this one took place, so the question stays open, but only
 * for words that name its answer (the reply just given, and what follows it, were asked after it).
 */
export function afterAnswering(
  asked: readonly AskedQuestion[],
  answered: AskedKind | undefined,
  ref: string,
): AskedQuestion[] {
  if (answered !== 'next') return forget(asked, ref);
  return asked.flatMap((q) => (q.ref !== ref ? [q] : q.kind === 'session' ? [{ ...q, named: true as const }] : []));
}

/**
 * Text that does not answer the question a message asked is read as any other text (`read`, without that question on
 * the list), and the question stays open: bad input changes nothing.
 */
export async function keepOpen<T>(
  box: { asked: AskedQuestion[] },
  question: AskedQuestion,
  read: (rest: { asked: AskedQuestion[] }) => Promise<T>,
): Promise<T> {
  const rest = { asked: forget(box.asked, question.ref) };
  const result = await read(rest);
  box.asked = remember(rest.asked, question);
  return result;
}
