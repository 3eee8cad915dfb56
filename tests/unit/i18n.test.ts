/**
 * The catalogues: every key in both languages, every placeholder in both, and the coaching model's positive
 * register — no question or reminder uses the words the model asks us to avoid (the wider list of issue 14).
 */
import { describe, expect, it } from 'vitest';
import { uiCatalogues } from '../../src/channels/web/web.i18n.js';
import { catalogues, inEveryLanguage, translator } from '../../src/i18n/index.js';
import { AVOIDED, avoidedWordsIn, botWordsOnly } from '../support/avoid-words.js';

const en: Record<string, string> = catalogues.en;
const nl: Record<string, string> = catalogues.nl;

export function negativeWordsIn(catalogue: Record<string, string>): string[] {
  return Object.entries(catalogue).flatMap(([key, text]) =>
    AVOIDED.filter((re) => re.test(text)).map((re) => `${key}: ${re.source} in “${text}”`),
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

  it('the web chat page’s own words (its chrome) too: the same keys in both languages, none of the avoided words', () => {
    expect(Object.keys(uiCatalogues.nl).sort()).toEqual(Object.keys(uiCatalogues.en).sort());
    expect(negativeWordsIn(uiCatalogues.en)).toEqual([]);
    expect(negativeWordsIn(uiCatalogues.nl)).toEqual([]);
  });

  it('the check itself catches a negative question (so it cannot pass vacuously)', () => {
    expect(negativeWordsIn({ q: 'What went wrong?' })).toHaveLength(1);
    expect(negativeWordsIn({ q: 'Wat ging er mis?' })).toHaveLength(1);
    expect(negativeWordsIn({ q: 'Waarom niet gedaan?' })).toHaveLength(1);
    expect(negativeWordsIn({ q: 'Helaas is de datum verstreken' })).toHaveLength(1);
    expect(negativeWordsIn({ q: 'This agreement is overdue' })).toHaveLength(1);
    expect(negativeWordsIn({ q: 'You forgot the date' })).toHaveLength(1);
    expect(negativeWordsIn({ q: 'Wat zou nog beter kunnen?' })).toHaveLength(0);
    expect(negativeWordsIn({ q: 'Later is fine too' })).toHaveLength(0);
  });

  it('the check over a rendered conversation finds the bot’s words and leaves out only what the person typed', () => {
    const said = ['Noted: “I was late twice”', 'Unfortunately the date has passed.', 'Helaas, te laat.'];
    const found = avoidedWordsIn(botWordsOnly(said, ['I was late twice']));
    expect(found.map((f) => f.split(' in “')[0])).toEqual(['Helaas', 'te laat', 'Unfortunately']);
  });

  it('asks open questions where the model wants them (issue 14 found these closed)', () => {
    const open = {
      en: /(^|[.!?–] )(What|Where|How|Which|Who|When)\b[^?]*\?/,
      nl: /(^|[.!?–] )(Wat|Waar|Waarbij|Hoe|Welk|Welke|Wie|Wanneer)\b[^?]*\?/,
    };
    const keys = ['prep.review.note.done', 'prep.improvements.more', 'prep.support.more', 'agreement.more'] as const;
    const closed = keys.flatMap((k) => [
      ...(open.en.test(en[k] ?? '') ? [] : [`en ${k}: ${en[k]}`]),
      ...(open.nl.test(nl[k] ?? '') ? [] : [`nl ${k}: ${nl[k]}`]),
    ]);
    expect(closed).toEqual([]);
  });

  it('reads as Dutch: the stilted or literal phrasings issue 14 found stay gone, and en/nl say the same there', () => {
    const stilted: [string, RegExp][] = [
      ['form.fix', /verdienen/],
      ['prep.coachFeedback.ask', /werkte de steun/],
      ['agreement.proposedTo', /Is hij van jou|voor jou voor/],
      ['nudge.due', /Vandaag is de dag/],
      ['review.in_progress', /Onderweg/],
      ['agreement.confirm', /Ik begreep/],
      ['session.confirm', /Ik begreep/],
      ['after.next.ask', /uit elkaar gaan|stelt .* voor/],
      ['home.prep.preparing', /^mee bezig$/],
    ];
    expect(stilted.filter(([k, re]) => re.test(nl[k] ?? ''))).toEqual([]);
    expect(nl['setup.cadence.ask']).toMatch(/willen jullie/);
    // "By when?" in English is "uiterlijk" in Dutch, not a bare "Wanneer?".
    expect(en['agreement.when.ask']).toMatch(/^By when/);
    expect(nl['agreement.when.ask']).toMatch(/uiterlijk/);
    // The seed's own words for the compliment: "Geef aan wat jou positief opviel".
    expect(nl['digest.compliment']).toMatch(/wat jou positief opviel/);
    expect(en['digest.compliment']).toMatch(/what struck you positively/);
  });

  it('fills placeholders and falls back to English for an unknown locale', () => {
    expect(translator('nl')('setup.rhythm', { n: 14 })).toBe('elke 14 dagen');
    expect(translator('en')('minutes', { n: 30 })).toBe('30 min');
  });

  it('the last-resort apology comes from the catalogues, in both languages', () => {
    expect(inEveryLanguage('error.generic')).toBe(`${en['error.generic']} / ${nl['error.generic']}`);
  });
});
