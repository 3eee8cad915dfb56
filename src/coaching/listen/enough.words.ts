/**
 * "That's all": the words people type to end a list question ("What else went well?", "What else did you agree?")
 * in English and Dutch. The whole answer must be one of them, so "no more meetings on Friday" stays an answer.
 */
import { normaliseAnswer } from './status.words.js';

export const NOTHING_MORE: ReadonlySet<string> = new Set([
  'done',
  'all done',
  'klaar',
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
  'no more',
  'nothing',
  'none',
  'niets meer',
  'niets',
  'niks',
  'verder niets',
  'verder niks',
  'nothing to add',
  'niets toe te voegen',
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

/** True when the whole answer says "nothing more" ("Nee, dat was het.", "That’s it!", "nope 🙂"). */
export function saysNothingMore(text: string): boolean {
  // A trailing softener changes nothing: "dat was het wel", "that was all really".
  return NOTHING_MORE.has(normaliseAnswer(text).replace(/ (wel|hoor|really|then)$/, ''));
}
