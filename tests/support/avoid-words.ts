/**
 * The words the coaching model asks us to avoid ("Positive phrasing"), widened by issue 14 with what reads as a
 * reproach or a lament: nl fout, mis, probleem, slecht, falen, mislukt, waarom niet, helaas, jammer, vergeten,
 * te laat; en wrong, failed, problem, bad, why didn't, unfortunately, forgot, missed, overdue, late.
 * Used over the catalogues and over everything the bot said in full scripted cycles.
 */
export const AVOIDED: readonly RegExp[] = [
  /\bfout(en|je)?\b/i,
  /\bmis\b/i,
  /\bproblee?m(en|pje)?\b/i,
  /\bslecht(e|er)?\b/i,
  /\bfa(len|alt|alde|alden)\b/i,
  /\bmislukt(e)?\b/i,
  /\bwaarom niet\b/i,
  /\bhelaas\b/i,
  /\bjammer\b/i,
  /\bvergeten\b/i,
  /\bte laat\b/i,
  /\bwrong\b/i,
  /\bfail(ed|s|ure)?\b/i,
  /\bproblems?\b/i,
  /\bbad(ly)?\b/i,
  /\bwhy didn'?t\b/i,
  /\bwhy not\b/i,
  /\bunfortunately\b/i,
  /\bforg(o|e)t(ten)?\b/i,
  /\bmissed\b/i,
  /\boverdue\b/i,
  /\blate\b/i,
];

/** Each avoided word found in `text`, as "word in …context…". */
export function avoidedWordsIn(text: string): string[] {
  return AVOIDED.flatMap((re) => {
    const m = new RegExp(re.source, 'gi').exec(text);
    if (!m) return [];
    const from = Math.max(0, m.index - 40);
    return [`${m[0]} in “…${text.slice(from, m.index + m[0].length + 40)}…”`];
  });
}

/**
 * What the bot said, without what the person typed: the person's own words are quoted back (and may say anything),
 * so each typed line is taken out before the check.
 */
export function botWordsOnly(rendered: readonly string[], typed: readonly string[]): string {
  const lines = typed
    .flatMap((t) => t.split(/\r?\n/))
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .sort((a, b) => b.length - a.length);
  return rendered.map((text) => lines.reduce((acc, line) => acc.split(line).join(' '), text)).join('\n');
}
