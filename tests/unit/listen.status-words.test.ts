/** Status words in free text, both languages: done / busy with it / stuck / not started, and what is not guessed. */
import { describe, expect, it } from 'vitest';
import { recogniseStatus, type StatusWord } from '../../src/coaching/listen/status.words.js';

const cases: ReadonlyArray<[string, StatusWord]> = [
  ['Done!', 'done'],
  ['done, finally', 'done'],
  ['I finished it yesterday', 'done'],
  ['Completed.', 'done'],
  ['yes', 'done'],
  ['Klaar', 'done'],
  ['Gedaan!', 'done'],
  ['Is gelukt, ik heb het afgerond', 'done'],
  ['ja', 'done'],
  ['In progress', 'in_progress'],
  ["I'm working on it", 'in_progress'],
  ['busy with it', 'in_progress'],
  ['Not quite done yet', 'in_progress'],
  ['almost there', 'in_progress'],
  ['Ik ben ermee bezig', 'in_progress'],
  ['bijna klaar', 'in_progress'],
  ['nog niet klaar, maar het loopt', 'in_progress'],
  ['Onderweg', 'in_progress'],
  ["I'm stuck on the planning", 'stuck'],
  ['Could use some help with this', 'stuck'],
  ['Ik zit vast', 'stuck'],
  ['het lukt niet', 'stuck'],
  ['Ik kom niet verder met de planning', 'stuck'],
  ['Not yet', 'not_started'],
  ["Haven't started", 'not_started'],
  ["didn't get round to it", 'not_started'],
  ['no', 'not_started'],
  ['Nog niet', 'not_started'],
  ['nog niet begonnen', 'not_started'],
  ['nee, nog niet aan toegekomen', 'not_started'],
];

describe('recogniseStatus', () => {
  it.each(cases)('“%s” → %s', (text, status) => {
    expect(recogniseStatus(text)?.status).toBe(status);
  });

  it('quotes the words that gave it away', () => {
    expect(recogniseStatus('Ik zit vast op de planning')?.matched).toBe('zit vast');
  });

  it('does not guess when a reply names two different states', () => {
    expect(recogniseStatus('The slides are done but I am stuck on the rest')).toBeNull();
    expect(recogniseStatus('Deel 1 is klaar, deel 2 nog niet begonnen')).toBeNull();
    // Slow progress with a partial success is no 'done': the person picks how it stands.
    expect(recogniseStatus('Het gaat langzaam, twee maandagen gelukt')).toBeNull();
    expect(recogniseStatus('It is going slowly')?.status).toBe('in_progress');
    expect(recogniseStatus('Het gaat traag')?.status).toBe('in_progress');
  });

  it('recognises nothing in an answer without status words (kept as a note by the caller)', () => {
    expect(recogniseStatus('I talked to Kim about the planning')).toBeNull();
    expect(recogniseStatus('Ik heb met Kim over de planning gepraat')).toBeNull();
    expect(recogniseStatus('   ')).toBeNull();
  });

  it('never counts a negated "done" as done', () => {
    expect(recogniseStatus('not done yet')?.status).not.toBe('done');
    expect(recogniseStatus('nog niet klaar')?.status).not.toBe('done');
  });
});
