import { describe, expect, it } from 'vitest';
import { parseCadence } from '../../src/coaching/flows/setup/values.js';

describe('how often two people meet, as typed', () => {
  it.each([
    ['every week', 7],
    ['weekly', 7],
    ['elke week', 7],
    ['wekelijks', 7],
    ['every other week', 14],
    ['every second week', 14],
    ['biweekly', 14],
    ['bi-weekly', 14],
    ['fortnightly', 14],
    ['once a fortnight', 14],
    ['om de week', 14],
    ['om de twee weken', 14],
    ['tweewekelijks', 14],
    ['every 2 weeks', 14],
    ['elke drie weken', 21],
    ['every 3 weeks', 21],
    ['twice a month', 14],
    ['twee keer per maand', 14],
    ['2x per maand', 14],
    ['once a month', 28],
    ['monthly', 28],
    ['maandelijks', 28],
    ['elke maand', 28],
    ['every other month', 56],
    ['every 10 days', 10],
    ['3', 21],
  ])('%s → %i days', (text, days) => {
    expect(parseCadence(text)).toBe(days);
  });

  it('says nothing when the words hold no rhythm', () => {
    expect(parseCadence('whenever it suits us')).toBeNull();
    expect(parseCadence('')).toBeNull();
  });
});
