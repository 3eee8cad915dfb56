import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/coaching/dates.js';
import { fromLocal, toLocal } from '../../src/coaching/time.js';

// Tuesday 1 December 2026
const today = '2026-12-01';
const d = (text: string) => parseDate(text, today);

describe('dates people type, in Dutch and English', () => {
  it.each([
    ['vrijdag', '2026-12-04'],
    ['Friday', '2026-12-04'],
    ['next Friday', '2026-12-04'],
    ['volgende vrijdag', '2026-12-04'],
    ['dinsdag', '2026-12-08'],
    ['over twee weken', '2026-12-15'],
    ['in 2 weeks', '2026-12-15'],
    ['in three days', '2026-12-04'],
    ['morgen', '2026-12-02'],
    ['tomorrow', '2026-12-02'],
    ['15 jan', '2027-01-15'],
    ['15 januari 2027', '2027-01-15'],
    ['January 15', '2027-01-15'],
    ['2026-12-18', '2026-12-18'],
    ['18-12-2026', '2026-12-18'],
    ['eind van de maand', '2026-12-31'],
    ['volgende week vrijdag', '2026-12-11'],
    ['donderdag 17 december', '2026-12-17'],
    ['Thursday, 17 December', '2026-12-17'],
    ['do 17-12', '2026-12-17'],
    ['the 23rd of December', '2026-12-23'],
    ['no, rather Friday', '2026-12-04'],
    ['nee, liever 8 januari', '2027-01-08'],
    ["let's meet next Friday", '2026-12-04'],
    ['zullen we donderdag 7 januari afspreken', '2027-01-07'],
    ['how about the 23rd of December', '2026-12-23'],
  ])('%s → %s', (text, expected) => {
    expect(d(text)).toMatchObject({ kind: 'date', date: expected });
  });

  it('reads a weekday before a written date with a time, as people write it', () => {
    expect(d('donderdag 17 december om 14:00')).toEqual({ kind: 'date', date: '2026-12-17', time: '14:00' });
  });

  it('reads a time of day next to a date', () => {
    expect(d('donderdag om 14:30')).toEqual({ kind: 'date', date: '2026-12-03', time: '14:30' });
    expect(d('next Monday at 2pm')).toEqual({ kind: 'date', date: '2026-12-07', time: '14:00' });
    expect(d('2026-12-10 09:15')).toEqual({ kind: 'date', date: '2026-12-10', time: '09:15' });
  });

  it.each([
    ['vóór vrijdag', '2026-12-04'],
    ['tegen vrijdag', '2026-12-04'],
    ['no later than Friday', '2026-12-04'],
    ['Friday at the latest', '2026-12-04'],
    ['deze week', '2026-12-04'],
    ['end of this week', '2026-12-04'],
    ['eind volgende week', '2026-12-11'],
    ['end of next week', '2026-12-11'],
    ['maandag over een week', '2026-12-14'],
    ['a week from Friday', '2026-12-11'],
    ['volgende maand', '2027-01-01'],
    ['halverwege januari', '2027-01-15'],
    ['mid January', '2027-01-15'],
    ['the 18th', '2026-12-18'],
    ['de 18e', '2026-12-18'],
    ['Friday the 18th', '2026-12-18'],
    ['vanmiddag', '2026-12-01'],
    ['tomorrow morning', '2026-12-02'],
    ['morgenochtend', '2026-12-02'],
  ])('%s → %s (deadlines and days as people write them)', (text, expected) => {
    expect(d(text)).toMatchObject({ kind: 'date', date: expected });
  });

  it('reads a bare hour the way people say it, in working hours', () => {
    expect(d('next Tuesday at 10')).toEqual({ kind: 'date', date: '2026-12-08', time: '10:00' });
    expect(d('Friday at 3')).toEqual({ kind: 'date', date: '2026-12-04', time: '15:00' });
    expect(d("tomorrow at 4 o'clock")).toEqual({ kind: 'date', date: '2026-12-02', time: '16:00' });
    expect(d('vrijdag om 3 uur')).toEqual({ kind: 'date', date: '2026-12-04', time: '15:00' });
    expect(d('morgen om 9 uur')).toEqual({ kind: 'date', date: '2026-12-02', time: '09:00' });
    expect(d('donderdag om half drie')).toEqual({ kind: 'date', date: '2026-12-03', time: '14:30' });
    expect(d('donderdag om half 10')).toEqual({ kind: 'date', date: '2026-12-03', time: '09:30' });
    expect(d('2026-12-10 03:00')).toEqual({ kind: 'date', date: '2026-12-10', time: '03:00' });
    expect(d('Friday at 7am')).toEqual({ kind: 'date', date: '2026-12-04', time: '07:00' });
  });

  it('does not take a dotted date for a time', () => {
    expect(d('15.01.2027')).toMatchObject({ kind: 'date', date: '2027-01-15' });
    expect(d('15.01.2027').kind === 'date' && 'time' in d('15.01.2027')).toBe(false);
  });

  it('calls impossible dates impossible and nonsense unknown', () => {
    expect(d('30 februari')).toEqual({ kind: 'impossible' });
    expect(d('2026-02-30')).toEqual({ kind: 'impossible' });
    expect(d('31/04/2027')).toEqual({ kind: 'impossible' });
    expect(d('whenever it suits')).toEqual({ kind: 'unknown' });
    expect(d('no')).toEqual({ kind: 'unknown' });
    expect(d('nee, liever niet')).toEqual({ kind: 'unknown' });
    expect(d('')).toEqual({ kind: 'unknown' });
  });
});

describe('local time in a zone', () => {
  it('converts across a DST change', () => {
    // 09:00 in Amsterdam is 08:00 UTC in winter and 07:00 UTC in summer.
    expect(fromLocal('2026-12-01', '09:00', 'Europe/Amsterdam').toISOString()).toBe('2026-12-01T08:00:00.000Z');
    expect(fromLocal('2027-04-01', '09:00', 'Europe/Amsterdam').toISOString()).toBe('2027-04-01T07:00:00.000Z');
    expect(toLocal(new Date('2027-03-28T01:30:00Z'), 'Europe/Amsterdam')).toMatchObject({
      date: '2027-03-28',
      time: '03:30',
    });
    expect(fromLocal('2027-03-14', '09:00', 'America/New_York').toISOString()).toBe('2027-03-14T13:00:00.000Z');
  });
});
