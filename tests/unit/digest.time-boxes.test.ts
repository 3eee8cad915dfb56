/** Time boxes: the whole conversation is boxed, and the topics get the time the employee asked for them. */
import { describe, expect, it } from 'vitest';
import { timeBoxes } from '../../src/coaching/digest.js';
import { translator } from '../../src/i18n/index.js';

const t = translator('en');
const sum = (boxes: readonly { minutes: number }[]) => boxes.reduce((a, b) => a + b.minutes, 0);
const topicsOnly = (boxes: readonly { label: string; minutes: number }[]) =>
  boxes.filter((b) => !/^(Opening|What went well|Agreements)/.test(b.label));

describe('time boxes', () => {
  it.each([
    [60, 45, 45],
    [60, 30, 30],
    [60, 15, 15],
    [60, 60, 45], // "all of it": the opening, successes and agreements still get their moment
    [45, 30, 30],
    [30, 15, 15],
  ])('a %i-minute conversation with %i minutes asked for the topics gives them %i', (total, asked, topics) => {
    const boxes = timeBoxes(['First', 'Second', 'Third'], total, t, asked);
    expect(sum(boxes)).toBe(total);
    expect(sum(topicsOnly(boxes))).toBe(topics);
    expect(boxes.every((b) => b.minutes > 0 && b.minutes % 5 === 0)).toBe(true);
    expect(boxes[0]?.label).toMatch(/^Opening/);
    expect(boxes.at(-1)?.label).toMatch(/^Agreements/);
  });

  it('puts the first priority first and gives it the most', () => {
    const boxes = topicsOnly(timeBoxes(['First', 'Second', 'Third'], 60, t, 45));
    expect(boxes.map((b) => b.label)).toEqual(['First', 'Second', 'Third']);
    expect(boxes[0]!.minutes).toBeGreaterThanOrEqual(boxes[1]!.minutes);
    expect(boxes[1]!.minutes).toBeGreaterThanOrEqual(boxes[2]!.minutes);
  });

  it('without a wish, the frame is fixed and the topics get the rest', () => {
    const boxes = timeBoxes(['Only'], 60, t);
    expect(sum(boxes)).toBe(60);
    expect(sum(topicsOnly(boxes))).toBe(40);
  });
});
