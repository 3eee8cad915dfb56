/** How long a conversation takes, as people type it during set-up (en, nl). */
import { describe, expect, it } from 'vitest';
import { parseMinutes } from '../../src/coaching/flows/setup/values.js';

describe('parseMinutes', () => {
  it.each([
    ['45', 45],
    ['60 min', 60],
    ['1 hour', 60],
    ['1,5 uur', 90],
    ['an hour', 60],
    ['About an hour.', 60],
    ['half an hour', 30],
    ['an hour and a half', 90],
    ['een uur', 60],
    ['een half uur', 30],
    ['anderhalf uur', 90],
  ])('reads "%s" as %i minutes', (text, minutes) => {
    expect(parseMinutes(text)).toBe(minutes);
  });

  it('finds nothing in words without a duration', () => {
    expect(parseMinutes('whatever suits you')).toBeNull();
    expect(parseMinutes('shower')).toBeNull();
  });
});
