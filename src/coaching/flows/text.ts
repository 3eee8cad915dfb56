/** Small text helpers the flows share: lists people type, priority orders, a short reflective summary. */

/** "one\n- two\n• three" → ['one', 'two', 'three']; a single line is one item. */
export function splitItems(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•·]|\d+[.)])\s*/, '').trim())
    .filter((line) => line.length > 0);
}

/** Adds items that are not there yet (case- and space-insensitive), keeping the existing order. */
export function addUnique(list: readonly string[], items: readonly string[]): string[] {
  const key = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  const seen = new Set(list.map(key));
  const out = [...list];
  for (const item of items) {
    if (!seen.has(key(item))) {
      seen.add(key(item));
      out.push(item);
    }
  }
  return out;
}

/**
 * "2 1 3", "2,1,3" or "2 > 1": a priority order over n items. Items not mentioned keep their order after the ones
 * named. Null when a number is out of range or repeated.
 */
export function parseOrder(text: string, n: number): number[] | null {
  const numbers = (text.match(/\d+/g) ?? []).map(Number);
  if (numbers.length === 0) return null;
  if (numbers.some((x) => x < 1 || x > n) || new Set(numbers).size !== numbers.length) return null;
  const rest = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !numbers.includes(i));
  return [...numbers, ...rest];
}

export function orderBy<T>(items: readonly T[], order: readonly number[]): T[] {
  return order.map((i) => items[i - 1]).filter((x): x is T => x !== undefined);
}

/**
 * A short reflection of what someone wrote, in their own words: the first sentence or two, up to ~160 characters.
 * The bot summarises to show it listened; it never interprets.
 */
export function summarise(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  const sentences = clean.match(/[^.!?]+[.!?]*/g) ?? [clean];
  let out = '';
  for (const s of sentences) {
    if ((out + s).length > 160 && out) break;
    out += s;
  }
  out = out.trim();
  return out.length > 180 ? `${out.slice(0, 177).trimEnd()}…` : out;
}
