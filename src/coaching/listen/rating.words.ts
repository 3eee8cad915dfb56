/**
 * The evaluation's 1–5 rating in the words people type: "4", "een 4", "vier", "a 4/5", "4 out of 5", "ik geef het een
 * 4", with what they say after it ("een 4, Sam was goed voorbereid") as their open answer. A number word counts only
 * when a comma, full stop or dash (or nothing) follows, so "two things stood out" is an answer, not a 2; a bare "een"
 * ("a") is never a rating, "één" is.
 */
const NUMBER: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  één: 1,
  twee: 2,
  drie: 3,
  vier: 4,
  vijf: 5,
};

// "I'd give it a", "ik geef het gesprek een", "a", "een": words before the number.
const LEAD =
  "(?:(?:i(?:'d| would)? (?:give|rate)|ik geef)(?: (?:it|this|het|dit))?(?: (?:the conversation|het gesprek))? )?(?:(?:a|an|een|'n) )?";
const VALUE = '([1-5]|one|two|three|four|five|één|twee|drie|vier|vijf)';
const OUT_OF = '(?:\\s*(?:/\\s*5|out of (?:5|five)|van de (?:5|vijf)|uit (?:5|vijf)|op (?:5|vijf)))?';
const RATING = new RegExp(`^${LEAD}${VALUE}${OUT_OF}(?:\\s*[,.;:!–—-]+\\s*|\\s*$)([\\s\\S]*)$`, 'iu');

/** The rating and the words after it (trimmed, maybe empty), or null when the answer does not start with one. */
export function ratingSaid(text: string): { readonly rating: number; readonly rest: string } | null {
  const said = text.trim().replace(/[’‘]/g, "'");
  const m = RATING.exec(said);
  if (!m) return null;
  const value = (m[1] ?? '').toLowerCase();
  const rating = /^[1-5]$/.test(value) ? Number(value) : NUMBER[value];
  return rating ? { rating, rest: (m[2] ?? '').trim() } : null;
}
