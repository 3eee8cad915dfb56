/**
 * Which of the open questions a typed reply names, when it is not simply the newest one (reply.routing.ts).
 *
 * "Yes, we met" while "Shall we pick a date?" was asked after "Did it take place?" about the same conversation: words
 * that say whether it took place answer the older question (a bare yes still answers the newest).
 *
 * Which agreement a typed reply is about when reminders about several are open. The newest question takes a reply
 * (reply.routing.ts), but "De update van Jesse heb ik gevraagd" after reminders about “Ik vraag Jesse om een korte
 * update” (older) and “Sam draagt het klantproject over aan Jesse” (newer) is about the older one: the reply goes to
 * the agreement whose own words it uses most, counting only words that tell the agreements apart ("Jesse" is in
 * both). When no agreement's words stand out, the newest question keeps it.
 */
import type { AgreementReader } from '../ports.js';
import { namedHeld } from './held.words.js';
import { openQuestions, type AskedQuestion } from './reply.routing.js';

/** Words of four letters or more, without the status words a reply about any agreement may use. */
function wordsOf(text: string): Set<string> {
  const words = text.toLowerCase().match(/\p{L}{4,}/gu) ?? [];
  return new Set(words.filter((w) => !COMMON.has(w)));
}

const COMMON = new Set([
  'done',
  'finished',
  'busy',
  'stuck',
  'started',
  'with',
  'that',
  'this',
  'have',
  'just',
  'still',
  'will',
  'what',
  'gedaan',
  'klaar',
  'bezig',
  'vast',
  'begonnen',
  'heb',
  'heeft',
  'hebben',
  'deze',
  'maar',
  'nog',
  'niet',
  'ook',
  'voor',
  'over',
  'naar',
  'door',
  'want',
  'even',
]);

/** The question `text` answers, starting from the newest open one (`newest`). */
export async function namedQuestion(
  agreements: AgreementReader,
  newest: AskedQuestion,
  asked: readonly AskedQuestion[],
  text: string,
  now: Date,
): Promise<AskedQuestion> {
  if (newest.kind === 'next' && namedHeld(text))
    return asked.find((q) => q.kind === 'session' && q.ref === newest.ref) ?? newest;
  return namedAgreement(agreements, newest, asked, text, now);
}

async function namedAgreement(
  agreements: AgreementReader,
  chosen: AskedQuestion,
  asked: readonly AskedQuestion[],
  text: string,
  now: Date,
): Promise<AskedQuestion> {
  if (chosen.kind !== 'agreement') return chosen;
  const open = openQuestions(asked, now).filter((q) => q.kind === 'agreement' && !q.named);
  if (open.length < 2 || !open.some((q) => q.ref === chosen.ref)) return chosen;
  const whats = new Map((await agreements.getMany(open.map((q) => q.ref))).map((a) => [a.id, wordsOf(a.what)]));
  const said = wordsOf(text);
  // A word counts for an agreement when it is in that agreement's words but not in every open one's.
  const shared = (word: string) => open.every((q) => whats.get(q.ref)?.has(word));
  const score = (q: AskedQuestion) => [...said].filter((w) => whats.get(q.ref)?.has(w) && !shared(w)).length;
  const scored = open.map((q) => ({ q, score: score(q) })).sort((a, b) => b.score - a.score);
  const [best, next] = scored;
  if (!best || best.score === 0 || (next && next.score === best.score)) return chosen;
  return best.q;
}
