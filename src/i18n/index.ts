/**
 * Message catalogues. English is the reference; Dutch must have every key (a test enforces it). Placeholders are
 * `{name}`. Questions and reminders follow the coaching model's positive register (a test checks the words).
 */
import { en } from './en.js';
import { nl } from './nl.js';

export type Locale = 'en' | 'nl';
export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

export const catalogues: Record<Locale, Catalogue> = { en, nl };

export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale] ?? en;
  return (key, params) => {
    const template = catalogue[key] ?? en[key] ?? key;
    return params
      ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
      : template;
  };
}

/**
 * One message in every language, for the rare moment the person's language is unknown (the engine's last-resort
 * apology when even looking the person up did not work). Still from the catalogues, so the word checks cover it.
 */
export function inEveryLanguage(key: MessageKey): string {
  return (Object.keys(catalogues) as Locale[]).map((l) => translator(l)(key)).join(' / ');
}
