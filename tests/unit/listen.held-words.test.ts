/** "Did your conversation take place?" answered in words, in English and Dutch (src/coaching/listen/held.words.ts). */
import { describe, expect, it } from 'vitest';
import { recogniseHeld, saysOnlyHeld, yesOrNo } from '../../src/coaching/listen/held.words.js';

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
    ['ja hoor', 'held'],
    ['Yes, gladly', 'held'],
    ['nope', 'not_held'],
  ] as const)('%s → %s', (text, word) => {
    expect(recogniseHeld(text)).toBe(word);
  });

  it.each(['Sam brought good questions', 'Hmm', 'Noor was goed voorbereid', ''])('does not guess at %j', (text) => {
    expect(recogniseHeld(text)).toBeNull();
  });
});

describe('a yes or a no in words, in English and Dutch', () => {
  it.each([
    'Yes, gladly',
    'that suits me',
    'Sounds good!',
    'fine',
    'OK',
    'okay, let us do that',
    "That's right",
    "let's do it",
    'no problem',
    'dat past',
    'Dat past me prima',
    'prima',
    'goed',
    'klinkt goed',
    'Klopt',
    'Ja hoor',
    'geen probleem',
  ])('%j is a yes', (text) => {
    expect(yesOrNo(text)).toBe('yes');
  });

  it.each(['No', 'not now', 'Nee, liever niet', 'nope, another day'])('%j is a no', (text) => {
    expect(yesOrNo(text)).toBe('no');
  });

  it.each([
    'not fine',
    "No, that doesn't suit me",
    'fine, but not on Friday',
    'past niet',
    'dat past niet',
    'niet goed',
  ])('%j is never a yes', (text) => {
    expect(yesOrNo(text)).not.toBe('yes');
  });

  it.each(['no idea yet', 'Nee hoor, geen idee', 'Maybe next week', 'Sam brought good questions', ''])(
    '%j says neither',
    (text) => {
      expect(yesOrNo(text)).toBeNull();
    },
  );
});

describe('words that only say the conversation took place, in either language', () => {
  it.each([
    'yes, it took place',
    'Yes, it took place',
    'Ja, het vond plaats',
    'ja, het gesprek heeft plaatsgevonden',
    'Het gesprek heeft plaatsgevonden!',
    'yes, we met',
    'We spoke today',
    'ja hoor, we hebben gesproken',
    'Yes, our conversation took place',
  ])('%j', (text) => {
    expect(saysOnlyHeld(text)).toBe(true);
  });

  it.each([
    'It went well',
    'het was fijn',
    'ging goed',
    'yes',
    "It didn't take place",
    'het heeft niet plaatsgevonden',
    'het ging niet door',
    'We moved it to Friday',
    "We spoke about the budget, I'll update the planning",
    'Update the team planning',
  ])('not %j', (text) => {
    expect(saysOnlyHeld(text)).toBe(false);
  });
});
