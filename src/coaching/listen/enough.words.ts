/**
 * "That's all": the words people type to end a list question ("What else went well?", "What else did you agree?")
 * in English and Dutch. The whole answer must be one of them, with at most a lead-in before it ("no,", "nee hoor,",
 * "ok,") and thanks after it, so "no more meetings on Friday" stays an answer.
 */
import { normaliseAnswer } from './status.words.js';

/** The words that name the end of a list ("that's all", "dat was het"), not a bare "no", "nothing" or "done". */
const THATS_ALL: ReadonlySet<string> = new Set([
  "that's all",
  'that is all',
  "that's it",
  'that is it',
  'that was it',
  'that was all',
  "that's everything",
  'dat was het',
  'dat is het',
  'dat is alles',
  'dat was alles',
  'nothing else',
  'nothing more',
  'niets meer',
  'verder niets',
  'verder niks',
  'nothing to add',
  'niets toe te voegen',
]);

/** Everything that ends a list question: the words that name the end, and a bare "no", "nothing", "done", "next". */
export const NOTHING_MORE: ReadonlySet<string> = new Set([
  ...THATS_ALL,
  'done',
  'all done',
  'klaar',
  'no more',
  'nothing',
  'none',
  'niets',
  'niks',
  'nee',
  'nee hoor',
  'nee dank je',
  'no',
  'nope',
  'nah',
  'no thanks',
  'no thank you',
  "no that's all",
  "no that's it",
  'nee dat was het',
  'nee dat is het',
  'nee verder niets',
  'verder',
  'next',
]);

/** Around the words: thanks and softeners after them ("dat was het wel", "that's it for now, thanks"). */
const AFTER =
  / (?:thanks|thank you|thanks a lot|thank you very much|many thanks|cheers|thx|bedankt|dank je|dank je wel|dankjewel|dankje|dank u|dank u wel|dankuwel|merci|wel|hoor|really|then|for now|voor nu|for today|voor vandaag|for me|voor mij|van mij|from me|i think|denk ik)$/;
/** …and a lead-in before them ("no, that's all", "nee hoor, verder niets", "ok, that's it"). */
const LEAD_IN =
  /^(?:(?:no|nope|nah|nee|neen|ok|okay|oké|okee|oke|ja|yes|yeah|yep|well|so|um+|uh+m?|hm+|nou|dus|hoor|alright|all right|right|fine|prima|goed|i think|i guess|ik denk) )+/;

/**
 * True when the answer is one of `ends`, with thanks and softeners after it and a lead-in before it taken off: a
 * lead-in counts only before the words themselves, so "no meetings on Friday" is not "no" and stays an item.
 */
function ends(text: string, ending: ReadonlySet<string>): boolean {
  let t = normaliseAnswer(text);
  for (let before = ''; before !== t;) [before, t] = [t, t.replace(AFTER, '')];
  if (ending.has(t)) return true;
  const rest = t.replace(LEAD_IN, '');
  return rest !== t && ending.has(rest);
}

/**
 * True when the whole answer says "nothing more" ("Nee, dat was het.", "That’s it, thanks!", "nope 🙂", "ok, that's
 * all"): it ends a list question.
 */
export const saysNothingMore = (text: string): boolean => ends(text, NOTHING_MORE);

/**
 * True when the answer names the end of a list ("no, that's all", "nee, dat was het, bedankt"), not merely "no" or
 * "done": at a question that is no list ("How feasible is this?") a bare "nope" or "done" is an answer to it.
 */
export const saysThatsAll = (text: string): boolean => ends(text, THATS_ALL);
