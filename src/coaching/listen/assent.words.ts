/**
 * A bare yes ("yes", "ja", "ok", "oké", "sure", "ja hoor", "yes please", 👍): words that agree and say nothing else.
 * At a question that asks for the person's own words (what an agreement is about), such an answer says no content:
 * it is never recorded as the content itself.
 */
import { normaliseAnswer } from './status.words.js';

const ASSENT = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'ya',
  'sure',
  'ok',
  'okay',
  'oke',
  'oké',
  'okee',
  'okido',
  'fine',
  'good',
  'great',
  'alright',
  'agreed',
  'please',
  'ja',
  'jaa',
  'jawel',
  'jep',
  'jazeker',
  'zeker',
  'hoor',
  'graag',
  'prima',
  'goed',
  'top',
  'klopt',
  'akkoord',
]);

/** Phrases of more than one word that agree and say nothing else. */
const PHRASES = /\b(of course|all right|sounds good|that'?s fine|is goed|natuurlijk|uiteraard|dat is goed)\b/g;

/** True when the whole answer is a yes and nothing more, or has no words at all (an emoji, a question mark). */
export function saysOnlyYes(text: string): boolean {
  const words = normaliseAnswer(text).replace(PHRASES, ' ').split(' ').filter(Boolean);
  return text.trim() !== '' && words.every((w) => ASSENT.has(w));
}
