/**
 * The catalogues: every key in both languages, every placeholder in both, and the coaching model's positive
 * register — no question or reminder uses the words the model asks us to avoid.
 */
import { describe, expect, it } from 'vitest';
import { catalogues, translator } from '../../src/i18n/index.js';

const en: Record<string, string> = catalogues.en;
const nl: Record<string, string> = catalogues.nl;

/** From the coaching model, "Positive phrasing": avoid fout, mis, probleem, slecht, falen, waarom niet / wrong, failed, problem, bad, why didn't. */
const avoided = [
  /\bfout(en)?\b/i,
  /\bmis\b/i,
  /\bproblee?m(en)?\b/i,
  /\bslecht(e)?\b/i,
  /\bfa(len|alt|alde)\b/i,
  /\bwaarom niet\b/i,
  /\bwrong\b/i,
  /\bfail(ed|s|ure)?\b/i,
  /\bproblems?\b/i,
  /\bbad(ly)?\b/i,
  /\bwhy didn'?t\b/i,
  /\bwhy not\b/i,
];

export function negativeWordsIn(catalogue: Record<string, string>): string[] {
  return Object.entries(catalogue).flatMap(([key, text]) =>
    avoided.filter((re) => re.test(text)).map((re) => `${key}: ${re.source} in “${text}”`),
  );
}

describe('message catalogues', () => {
  it('have exactly the same keys in Dutch and English', () => {
    const missingInNl = Object.keys(en).filter((k) => !(k in nl));
    const missingInEn = Object.keys(nl).filter((k) => !(k in en));
    expect({ missingInNl, missingInEn }).toEqual({ missingInNl: [], missingInEn: [] });
    expect(Object.keys(en).length).toBeGreaterThan(200);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const differing = Object.keys(en).filter(
      (k) => JSON.stringify(placeholders(en[k] ?? '')) !== JSON.stringify(placeholders(nl[k] ?? '')),
    );
    expect(differing).toEqual([]);
  });

  it('never use the negative words the coaching model lists', () => {
    expect(negativeWordsIn(en)).toEqual([]);
    expect(negativeWordsIn(nl)).toEqual([]);
  });

  it('the check itself catches a negative question (so it cannot pass vacuously)', () => {
    expect(negativeWordsIn({ q: 'What went wrong?' })).toHaveLength(1);
    expect(negativeWordsIn({ q: 'Wat ging er mis?' })).toHaveLength(1);
    expect(negativeWordsIn({ q: 'Waarom niet gedaan?' })).toHaveLength(1);
    expect(negativeWordsIn({ q: 'Wat zou nog beter kunnen?' })).toHaveLength(0);
  });

  it('fills placeholders and falls back to English for an unknown locale', () => {
    expect(translator('nl')('setup.rhythm', { n: 14 })).toBe('elke 14 dagen');
    expect(translator('en')('minutes', { n: 30 })).toBe('30 min');
  });
});
