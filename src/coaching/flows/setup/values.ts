/** What the setup flow keeps between turns, read back through its schema. */
import { numbers } from '../../date.words.js';
import { z } from 'zod';
import { channelSchema, roleSchema } from '../../model.js';

export const SETUP_STEPS = ['goal', 'who', 'cadence', 'first', 'duration', 'confirm'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];

export const setupValuesSchema = z.object({
  stamp: z.number().optional(),
  role: roleSchema.optional(),
  goal: z.string().optional(),
  otherId: z.string().optional(),
  otherName: z.string().optional(),
  /** The other person as their channel resolved them, to find or create when the trajectory is sent. */
  other: z
    .object({
      identity: z.object({ channel: channelSchema, tenantId: z.string(), userId: z.string() }),
      profile: z.object({
        displayName: z.string().exactOptional(),
        email: z.string().exactOptional(),
        locale: z.string().exactOptional(),
        timeZone: z.string().exactOptional(),
      }),
    })
    .optional(),
  inviteCode: z.string().optional(),
  cadenceDays: z.number().optional(),
  firstAt: z.string().optional(),
  duration: z.number().optional(),
});
export type SetupValues = z.infer<typeof setupValuesSchema>;

export { newInviteCode } from '../../walls.js';

/** Fixed phrases first: "every other week" and Dutch "om de week" are fortnightly, not weekly. */
const CADENCE_PHRASES: readonly (readonly [RegExp, number])[] = [
  [/\b(?:fortnight(?:ly)?|bi-?weekly|every other week|every second week|om de week|tweewekelijks)\b/, 14],
  [/\b(?:every other month|om de maand|tweemaandelijks)\b/, 56],
];

const CADENCE_UNITS: readonly (readonly [RegExp, number])[] = [
  [/\b(?:months?|monthly|maand(?:en)?|maandelijks)\b/, 28],
  [/\b(?:weeks?|weekly|week|weken|wekelijks)\b/, 7],
  [/\b(?:days?|daily|dag(?:en)?|dagelijks)\b/, 1],
];

/**
 * How often two people meet, in days: "every 2 weeks", "biweekly", "om de week" (14), "twice a month" (14),
 * "maandelijks" (28), "elke drie weken" (21). "Twice a month" divides; a bare number means weeks.
 */
export function parseCadence(text: string): number | null {
  const t = text.toLowerCase();
  const phrase = CADENCE_PHRASES.find(([re]) => re.test(t));
  if (phrase) return phrase[1];
  const unit = CADENCE_UNITS.find(([re]) => re.test(t))?.[1];
  const times = /\b(?:twice|tweemaal|twee keer|2\s*(?:x|keer|times))\b/.test(t) ? 2 : 1;
  const n = t.match(/\d+/)?.[0];
  const worded = Object.keys(numbers).find((w) => w.length > 2 && new RegExp(`(?:^|\\s)${w}(?=\\s|$)`).test(t));
  const count = times === 2 ? 1 : n ? Number(n) : worded ? numbers[worded]! : 1;
  if (unit !== undefined) return Math.round((unit * count) / times);
  return n ? 7 * count : null;
}

/** Durations written in words (en, nl), longest first: "an hour and a half" before "an hour". */
const WORDED_MINUTES: readonly (readonly [RegExp, number])[] = [
  [/(?:^|\s)(?:an? hour and a half|one and a half hours?|anderhalf uur|anderhalve uur)(?=$|[\s.,!?])/, 90],
  [/(?:^|\s)(?:half an hour|half uur|halfuur|een half uur)(?=$|[\s.,!?])/, 30],
  [/(?:^|\s)(?:an? hour|one hour|een uur|één uur)(?=$|[\s.,!?])/, 60],
];

export function parseMinutes(text: string): number | null {
  const t = text.toLowerCase();
  const worded = WORDED_MINUTES.find(([pattern]) => pattern.test(t));
  if (worded) return worded[1];
  const hours = t.match(/(\d+(?:[.,]\d+)?)\s*(h|hour|hours|uur|u)\b/);
  if (hours) return Math.round(Number(hours[1]?.replace(',', '.')) * 60);
  const m = t.match(/(\d+)/);
  return m ? Number(m[1]) : null;
}
