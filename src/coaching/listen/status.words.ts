/**
 * Status words, as people type them in answer to "how is it going?": done, busy with it, stuck, not started — in
 * English and Dutch, with the common synonyms. Deterministic and conservative: a reply that names two different
 * states ("the slides are done but the rest is hard") is not guessed at; it is kept as a note and the person picks
 * the state (or corrects the one recognised) with a button.
 */

export type StatusWord = 'done' | 'in_progress' | 'stuck' | 'not_started';

interface Pattern {
  readonly status: StatusWord;
  readonly re: RegExp;
}

/**
 * Ordered: a negated or qualified phrase ("not done yet", "nog niet klaar", "bijna klaar") is tested before the bare
 * word it contains, and what it matched is blanked out, so "not done yet" never also counts as "done".
 */
const PATTERNS: readonly Pattern[] = [
  // Busy with it, phrased as "not finished yet" / "almost done".
  {
    status: 'in_progress',
    re: /\b(not (quite |fully |completely |entirely )?(done|finished|complete|ready)( yet)?|almost (done|finished|there|ready)|nearly (done|finished|there)|nog niet (helemaal )?(klaar|af|afgerond)|bijna (klaar|af|rond|afgerond)|half (af|klaar)|(going|moving) slowly|slow (going|progress)|gaat (nog )?(langzaam|traag|moeizaam)|langzaam aan)\b/,
  },
  // Not started.
  {
    status: 'not_started',
    re: /\b(not (yet )?started|haven'?t (yet )?started|have not (yet )?started|not begun|haven'?t begun|didn'?t get (round |around )?to it|not got(ten)? (round |around )?to it|haven'?t got(ten)? (round |around )?to it|not yet|nothing yet|no progress yet|nog niet (aan )?begonnen|niet (aan )?begonnen|nog niet aan toegekomen|niet aan toegekomen|nog niet|nog niks|nog niets|nog geen tijd)\b/,
  },
  // Stuck.
  {
    status: 'stuck',
    re: /\b(stuck|blocked|struggling|struggle|can'?t get (it|this) (going|done|moving)|need(s)? help|could use (some )?help|hard going|zit vast|vast(gelopen| gelopen| komen te zitten)?|loop vast|kom niet verder|lukt (me )?niet|het lukt niet|geblokkeerd|worstel|hulp nodig|kan wel hulp gebruiken)\b/,
  },
  // Busy with it.
  {
    status: 'in_progress',
    re: /\b(in progress|working on it|busy( with it)?|on it|ongoing|under ?way|on (its|the) way|on track|halfway|partly|part of it|started|getting there|progressing|(mee )?bezig|ermee bezig|onderweg|loopt( nog)?|deels|gedeeltelijk|begonnen|gestart|op schema|onderhanden|gaat goed|schiet op)\b/,
  },
  // Done.
  {
    status: 'done',
    re: /\b(done|did it|finished|completed?|accomplished|achieved|sorted|nailed it|it'?s ready|all set|ticked off|klaar|gedaan|afgerond|afgevinkt|voltooid|gelukt|voor elkaar|is af|het af|heb het af)\b/,
  },
];

/** A bare yes / no only counts when it is (almost) the whole answer: "ja", "yes!", "nee, nog niet". */
const BARE: readonly Pattern[] = [
  { status: 'done', re: /^(yes|yep|yeah|ja|jazeker|jep)$/ },
  { status: 'not_started', re: /^(no|nope|nee|neen)$/ },
];

export interface RecognisedStatus {
  readonly status: StatusWord;
  /** The words that gave it away, as typed (lowercased), to quote back. */
  readonly matched: string;
}

/** Lowercased, quotes unified, punctuation to spaces: what the word lists are matched against. */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The status a free-text answer names, or null when it names none or more than one. "Done, finally!" → done;
 * "nog niet begonnen" → not_started; "bijna klaar" → in_progress; "ik zit vast op de planning" → stuck.
 */
export function recogniseStatus(text: string): RecognisedStatus | null {
  let rest = normaliseAnswer(text);
  if (!rest) return null;
  const bare = BARE.find((p) => p.re.test(rest));
  if (bare) return { status: bare.status, matched: rest };
  const found = new Map<StatusWord, string>();
  for (const { status, re } of PATTERNS) {
    const global = new RegExp(re.source, 'g');
    for (const m of rest.matchAll(global)) if (!found.has(status)) found.set(status, m[0]);
    rest = rest.replace(global, ' ');
  }
  if (found.size !== 1) return null;
  const [[status, matched]] = [...found.entries()] as [[StatusWord, string]];
  return { status, matched };
}
