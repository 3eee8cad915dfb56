/**
 * A button's label typed instead of pressed ("Move", "Andere datum"): the typed answer does what the button does.
 * Compared in every language, as people type in the one they think in.
 */
import { catalogues, type Locale, type MessageKey } from '../../i18n/index.js';
import { normaliseAnswer } from './status.words.js';

/** Which of these buttons' labels the text is (case, punctuation and emoji aside), if any. */
export function typedLabel<K extends MessageKey>(text: string, keys: readonly K[]): K | undefined {
  const typed = normaliseAnswer(text);
  if (!typed) return undefined;
  return keys.find((key) =>
    (Object.keys(catalogues) as Locale[]).some((l) => normaliseAnswer(catalogues[l][key]) === typed),
  );
}
