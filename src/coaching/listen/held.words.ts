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

/** A plain yes or no at the start of an answer ("Yes, gladly", "Nee, liever niet"), in English or Dutch. */
export function yesOrNo(text: string): 'yes' | 'no' | null {
  const t = normaliseAnswer(text);
  if (
    /^(yes|yep|yeah|sure|gladly|of course|i would love to|happy to|ja|graag|zeker|natuurlijk|prima|akkoord|accept(eren)?)\b/.test(
      t,
    )
  )
    return 'yes';
  if (/^(no|nope|not now|nee|liever niet|niet nu|decline|afwijzen)\b/.test(t)) return 'no';
  return null;
}

/** What a typed answer says about the conversation, or null when it says none or more than one thing. */
export function recogniseHeld(text: string): HeldWord | null {
  let rest = normaliseAnswer(text);
  if (!rest) return null;
  const bare = BARE.find((p) => p.re.test(rest));
  if (bare) return bare.word;
  const found = new Set<HeldWord>();
  for (const { word, re } of PATTERNS) {
    const global = new RegExp(re.source, 'g');
    if (global.test(rest)) found.add(word);
    rest = rest.replace(new RegExp(re.source, 'g'), ' ');
  }
  // Moved implies it did not take place then: "it didn't happen, we moved it to Friday" is a move.
  if (found.has('moved')) return 'moved';
  if (found.size !== 1) return null;
  return [...found][0] ?? null;
}
