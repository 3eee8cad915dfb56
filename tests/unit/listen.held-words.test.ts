/** "Did your conversation take place?" answered in words, in English and Dutch (src/coaching/listen/held.words.ts). */
import { describe, expect, it } from 'vitest';
import { recogniseHeld } from '../../src/coaching/listen/held.words.js';

describe('recognising whether a conversation took place', () => {
  it.each([
    ['Yes', 'held'],
    ['yes it did!', 'held'],
    ['Yes, we met and it went well', 'held'],
    ['It took place, very useful', 'held'],
    ['Ja', 'held'],
    ['Ja, het ging goed', 'held'],
    ['We hebben gesproken', 'held'],
    ['Het heeft plaatsgevonden', 'held'],
    ['We moved it to Friday', 'moved'],
    ['It was postponed', 'moved'],
    ["It didn't happen, we moved it to next week", 'moved'],
    ['Verzet naar donderdag', 'moved'],
    ['We hebben het verplaatst', 'moved'],
    ['No', 'not_held'],
    ["It didn't take place", 'not_held'],
    ['It was cancelled', 'not_held'],
    ['Nee', 'not_held'],
    ['Het ging niet door', 'not_held'],
    ['Afgezegd door ziekte', 'not_held'],
  ] as const)('%s → %s', (text, word) => {
    expect(recogniseHeld(text)).toBe(word);
  });

  it.each(['Sam brought good questions', 'Hmm', 'Noor was goed voorbereid', ''])('does not guess at %j', (text) => {
    expect(recogniseHeld(text)).toBeNull();
  });
});
