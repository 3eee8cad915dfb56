/**
 * Listen, summarise, ask further (LSD, model step 2) over a travel report. The report is asked as "what did you do,
 * what did you notice, what did you conclude", so the reflection names the parts the employee gave, in their own
 * words; asks for the conclusion in one sentence when there is none; and chooses one follow-up question from what
 * was said: a success → what made it work, a difficulty → what would help, otherwise → what stands out.
 * Deterministic word rules in English and Dutch; no external service, no interpretation beyond these cues.
 */

export type ReportPart = 'did' | 'noticed' | 'concluded';
export type FollowUp = 'worked' | 'help' | 'standsOut';

export interface Reflection {
  /** The employee's own sentences per part, in the order they wrote them. */
  readonly parts: Readonly<Record<ReportPart, readonly string[]>>;
  /** Their concluding sentence, when they gave one. */
  readonly conclusion?: string;
  /** True when no concluding sentence was found: ask for the conclusion in one sentence. */
  readonly askConclusion: boolean;
  readonly followUp: FollowUp;
  /** The sentence the follow-up question is about (the success or the difficulty), as written. */
  readonly about?: string;
}

const CONCLUDED =
  /\b(conclu(de|ded|sion)|so i|so now|so next|therefore|that means|which means|i learn(ed|t)|lesson|takeaway|next time|from now on|in future|in short|all in all|overall|bottom line|i realis(e|ed)|i realiz(e|ed)|concludeer|conclusie|geconcludeerd|dus|daarom|daaruit|geleerd|leer ik|les|volgende keer|voortaan|kortom|al met al|samengevat|ik besef|besefte|besef)\b/i;
const NOTICED =
  /\b(notic(e|ed|ing)|i saw|i see|i felt|i feel|i found|it struck me|struck me|i observed|seems?|seemed|apparently|turns out|turned out|merk(te|ten)?|gemerkt|viel (me|mij) op|valt (me|mij) op|opgevallen|ik zag|ik zie|ik voelde|ik voel|ik vond|blijkbaar|bleek|het leek|lijkt)\b/i;

const SUCCESS =
  /\b(went (well|fine|great|smoother|smoothly|better)|go(es)? well|smooth(er|ly)?|worked( well| out)?|works|succe(ss|eded|ssful)|proud|better|great|good|nice|happy|pleased|easier|confident|managed to|progress|positive|enjoyed|ging (goed|beter|soepel|prima|lekker)|gaat (goed|beter)|goed|soepel(er)?|gelukt|lukte|trots|beter|fijn|prettig|succes|blij|tevreden|makkelijker|zekerder|vooruitgang|positief|genoten)\b/i;
const DIFFICULTY =
  /\b(hard|harder|difficult|struggl(e|ed|ing)|stuck|tough|nervous|rush(ed|ing)?|stress(ed|ful)?|unsure|uncertain|challeng(e|ing)|couldn'?t|could not|didn'?t manage|tricky|slow(ly|er)?|confus(ed|ing)|worried|tense|too (fast|slow|long|much)|overwhelm(ed|ing)|lastig|moeilijk|moeite|zwaar|vast|spannend|zenuwachtig|onzeker|stress|gehaast|haastig|te (snel|traag|lang|veel)|langzaam|traag|niet gelukt|lukte niet|worstel(de|en)?|uitdagend|ingewikkeld|onrustig|gespannen)\b/i;

/** A negation just before a success word turns it round: "can't see progress", "niet goed", "geen vooruitgang". */
const NEGATED_BEFORE =
  /\b(not|no|never|hardly|without|can'?t|cannot|couldn'?t|don'?t|didn'?t|doesn'?t|won'?t|isn'?t|wasn'?t|aren'?t|weren'?t|niet|geen|nooit|nauwelijks|zonder)\b(?:\W+[\p{L}'’]+){0,2}\W*$/iu;

/** Success words in the sentence that are not negated ("it went well", not "it did not go well"). */
function namesSuccess(sentence: string): boolean {
  const global = new RegExp(SUCCESS.source, 'gi');
  for (const m of sentence.matchAll(global)) if (!NEGATED_BEFORE.test(sentence.slice(0, m.index))) return true;
  return false;
}

/** A difficulty word, or a success word turned round by a negation. */
function namesDifficulty(sentence: string): boolean {
  return DIFFICULTY.test(sentence) || (SUCCESS.test(sentence) && !namesSuccess(sentence));
}

/** Sentences as written, split after . ! ? or a line break; a sentence without an end mark is one sentence. */
export function sentences(text: string): string[] {
  return (text.match(/[^.!?\n]+[.!?]*/g) ?? [])
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

function partOf(sentence: string): ReportPart {
  if (CONCLUDED.test(sentence)) return 'concluded';
  if (NOTICED.test(sentence)) return 'noticed';
  return 'did';
}

/**
 * Reflects a travel report. The follow-up is about the concluding sentence's success or difficulty when it names
 * one, else the first success named (what goes well comes first, step 3), else the first difficulty.
 */
export function reflect(report: string): Reflection {
  const all = sentences(report);
  const parts: Record<ReportPart, string[]> = { did: [], noticed: [], concluded: [] };
  for (const s of all) {
    const part = partOf(s);
    parts[part].push(part === 'concluded' ? withoutLabel(s) : s);
  }
  const conclusion = parts.concluded[parts.concluded.length - 1];
  const pick = (): { followUp: FollowUp; about?: string } => {
    if (conclusion && namesDifficulty(conclusion) && !namesSuccess(conclusion))
      return { followUp: 'help', about: conclusion };
    if (conclusion && namesSuccess(conclusion)) return { followUp: 'worked', about: conclusion };
    const success = all.find((s) => namesSuccess(s) && !namesDifficulty(s)) ?? all.find(namesSuccess);
    if (success) return { followUp: 'worked', about: success };
    const difficulty = all.find(namesDifficulty);
    if (difficulty) return { followUp: 'help', about: difficulty };
    return { followUp: 'standsOut' };
  };
  return { parts, ...(conclusion ? { conclusion } : {}), askConclusion: !conclusion, ...pick() };
}

/**
 * Shortens a quote at a word boundary (never mid-word), with an ellipsis when something was left out. Quotes are
 * the employee's own words; the bot shortens them only to keep a chat message readable.
 */
export function shorten(text: string, max = 140): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  const head = (space > max / 2 ? cut.slice(0, space) : clean.slice(0, max)).replace(/[\s,;:–-]+$/, '');
  return `${head}…`;
}

/** A one-sentence answer: the first sentence of what was typed (people often add a second thought). */
export function oneSentence(text: string): string {
  return sentences(text)[0] ?? text.trim();
}

/** The conclusion asked for in one sentence, without a label typed before it ("Conclusie: …"). */
export function conclusionOf(text: string): string {
  return withoutLabel(oneSentence(text));
}

/**
 * "Conclusie: loslaten werkt", "My takeaway - ask earlier": the words after a label the person typed, so the quote
 * that opens the coach's agenda ("In Sam's words") is the conclusion itself. Only a label followed by a colon or dash.
 */
function withoutLabel(sentence: string): string {
  const rest = sentence.replace(
    /^(?:(?:my|mijn|de|the)\s+)?(?:conclusion|conclusie|takeaway|lesson|les|in short|kortom|samengevat|al met al|all in all)\s*(?::|\s[–—-])\s*/i,
    '',
  );
  return rest ? rest.charAt(0).toUpperCase() + rest.slice(1) : sentence;
}

type ReflectKey =
  | 'reflect.summary'
  | 'reflect.conclusion.noted'
  | 'reflect.did'
  | 'reflect.noticed'
  | 'reflect.concluded'
  | 'reflect.ask.conclusion'
  | 'reflect.ask.worked'
  | 'reflect.ask.help'
  | 'reflect.ask.standsOut';
type Say = (key: ReflectKey, params?: Readonly<Record<string, string>>) => string;

/** "If I summarise: what you did: “…”; what you noticed: “…”." Only the parts that were given are named. */
export function summaryText(r: Reflection, t: Say): string {
  const named = (['did', 'noticed', 'concluded'] as const)
    .filter((part) => r.parts[part].length > 0)
    .map((part) => t(`reflect.${part}`, { quote: shorten(r.parts[part].join(' '), 120) }));
  return t('reflect.summary', { parts: named.join('; ') });
}

/** The one question that follows the summary: the conclusion when it is missing, else the chosen follow-up. */
export function questionText(r: Reflection, t: Say, conclusionGiven = false): string {
  if (r.askConclusion && !conclusionGiven) return t('reflect.ask.conclusion');
  if (r.followUp === 'standsOut' || !r.about) return t('reflect.ask.standsOut');
  return t(r.followUp === 'worked' ? 'reflect.ask.worked' : 'reflect.ask.help', {
    quote: shorten(r.about, 100).replace(/[.!?]+$/, ''),
  });
}
