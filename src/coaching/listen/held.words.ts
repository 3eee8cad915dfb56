/**
 * Answers to "Did your conversation take place?", as people type them: it took place, it was moved, or it did not
 * take place — in English and Dutch. Ordered like the status words: the negated phrases ("didn't take place", "ging
 * niet door") are tested before the bare words they contain. Anything else is not guessed at.
 */
import { normaliseAnswer } from './status.words.js';

export type HeldWord = 'held' | 'moved' | 'not_held';

const PATTERNS: readonly { readonly word: HeldWord; readonly re: RegExp }[] = [
  {
    word: 'moved',
    re: /\b(moved|rescheduled|postponed|put off|another (day|time|date)|a new (day|time|date)|later date|verzet|verschoven|verplaatst|uitgesteld|andere (dag|datum|tijd)|nieuwe (dag|datum|tijd))\b/,
  },
  {
    word: 'not_held',
    re: /\b(didn'?t (take place|happen|go ahead)|did not (take place|happen|go ahead)|(was |got )?(cancelled|canceled|called off)|no(t)? (meeting|conversation|session)|never happened|fell through|niet doorgegaan|ging niet door|is niet doorgegaan|niet gehouden|afgezegd|afgelast|niet plaatsgevonden|geen gesprek)\b/,
  },
  {
    word: 'held',
    re: /\b(took place|it did|we did|we met|we spoke|we talked|had (it|our (conversation|talk|session|meeting))|went (well|fine|great|ok|okay|good)|it was (good|great|fine|useful|helpful)|heeft plaatsgevonden|vond plaats|ging door|is doorgegaan|gesproken|gehad|ging (goed|prima|fijn)|het was (goed|fijn|nuttig|prima)|was een (goed|fijn|nuttig) gesprek)\b/,
  },
];

const BARE: readonly { readonly word: HeldWord; readonly re: RegExp }[] = [
  { word: 'held', re: /^(yes|yep|yeah|yes it did|ja|jazeker|jep|zeker)$/ },
  { word: 'not_held', re: /^(no|nope|nee|neen)$/ },
];

/** Clear yes and no words at the start of an answer ("Yes, gladly", "Nee, liever niet"). */
const CLEAR_YES =
  /^(yes|yep|yeah|sure|gladly|of course|i would love to|happy to|no problem|ja|jazeker|jep|graag|zeker|natuurlijk|akkoord|geen probleem|geen bezwaar|accept(eren)?)\b/;
const CLEAR_NO = /^(no|nope|not now|nee|neen|liever niet|niet nu|decline|afwijzen)\b/;
/** "No idea yet", "nee hoor, geen idee": a no that does not answer the question. */
const NOT_AN_ANSWER = /^(no|nee) (idea|clue|idee)\b|\bgeen idee\b/;
/**
 * Agreeing words that say yes to what was proposed ("that suits me", "sounds good", "dat past", "prima") — only
 * when nothing in the answer negates them: "not fine", "that doesn't suit me", "dat past niet" are no yes.
 */
const AGREEING =
  /^(ok|okay|oké|okee|fine|good|great|perfect|right|correct|exactly|all right|alright|sounds (good|fine|great)|(that )?suits me|(that )?works( for me)?|that('s| is) (fine|good|great|ok|okay|right|correct)|let'?s (do (it|that)|go)|go ahead|dat past|past (me|mij|prima|goed)|prima|goed|prachtig|top|klopt|correct|precies|is goed|lijkt me goed|klinkt goed|dat is goed|doen we|laten we dat doen|afgesproken)\b/;
const NEGATED = /\b(not|n't|no|never|niet|geen|nooit)\b|n't\b/;

/** A plain yes or no at the start of an answer, in English or Dutch; null when the words say neither. */
export function yesOrNo(text: string): 'yes' | 'no' | null {
  const t = normaliseAnswer(text);
  if (CLEAR_YES.test(t)) return 'yes';
  if (NOT_AN_ANSWER.test(t)) return null;
  if (CLEAR_NO.test(t)) return 'no';
  if (AGREEING.test(t) && !NEGATED.test(t)) return 'yes';
  return null;
}

/** What a typed answer says about the conversation, or null when it says none or more than one thing. */
export function recogniseHeld(text: string): HeldWord | null {
  const rest = normaliseAnswer(text);
  if (!rest) return null;
  const bare = BARE.find((p) => p.re.test(rest));
  if (bare) return bare.word;
  const said = namedHeld(rest);
  if (said !== undefined) return said;
  // A plain yes or no said some other way ("ja hoor", "yes, gladly", "nee helaas niet").
  const plain = yesOrNo(text);
  return plain === 'yes' ? 'held' : plain === 'no' ? 'not_held' : null;
}

/**
 * Whether the conversation took place, in words that name it ("we met", "it was moved", "ging niet door"), not a bare
 * yes or no: such words answer "Did it take place?" even while a newer question is open. Undefined when none are
 * there; null when they say more than one thing.
 */
export function namedHeld(text: string): HeldWord | null | undefined {
  let rest = normaliseAnswer(text);
  const found = new Set<HeldWord>();
  for (const { word, re } of PATTERNS) {
    const global = new RegExp(re.source, 'g');
    if (global.test(rest)) found.add(word);
    rest = rest.replace(new RegExp(re.source, 'g'), ' ');
  }
  // Moved implies it did not take place then: "it didn't happen, we moved it to Friday" is a move.
  if (found.has('moved')) return 'moved';
  if (found.size === 1) return [...found][0] ?? null;
  return found.size > 1 ? null : undefined;
}

/** Words that say the conversation took place, not how it went ("it went well" is an evaluation, not this). */
const TOOK_PLACE =
  /\b(took place|it did|we did|we met|we spoke|we talked|had (it|our (conversation|talk|session|meeting))|heeft plaatsgevonden|vond plaats|ging door|is doorgegaan|gesproken|gehad)\b/g;

/**
 * Words around such an answer that add nothing to it: yes, and who and what it is about ("yes, our conversation
 * took place", "ja, het gesprek heeft plaatsgevonden", "yes, we met today").
 */
const AROUND =
  /\b(yes|yep|yeah|indeed|it|we|our|the|conversation|session|meeting|talk|has|have|did|really|just|today|and|so|ja|jazeker|zeker|inderdaad|hoor|het|wij|ons|onze|jullie|gesprek|de|heeft|hebben|is|echt|vandaag|en|dus)\b/g;

/**
 * The words say that the conversation took place and nothing more ("ja, het gesprek heeft plaatsgevonden", "yes, we
 * met"), in either language whatever the person's own: an answer to "Did it take place?" typed where another
 * question is open. Not when they say anything more ("we spoke about the budget, I'll update it" is an agreement),
 * nor how it went ("it went well", "het was fijn": an evaluation).
 */
export function saysOnlyHeld(text: string): boolean {
  if (namedHeld(text) !== 'held') return false;
  const rest = normaliseAnswer(text);
  if (!new RegExp(TOOK_PLACE.source).test(rest)) return false;
  return rest.replace(TOOK_PLACE, ' ').replace(AROUND, ' ').trim() === '';
}
