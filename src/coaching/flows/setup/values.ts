/** What the setup flow keeps between turns, read back through its schema. */
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

export function parseCadence(text: string): number | null {
  const t = text.toLowerCase();
  const n = t.match(/(\d+)/);
  const count = n
    ? Number(n[1])
    : /\b(two|twee)\b/.test(t)
      ? 2
      : /\b(three|drie)\b/.test(t)
        ? 3
        : /\b(four|vier)\b/.test(t)
          ? 4
          : 1;
  if (/(month|maand)/.test(t)) return 28 * count;
  if (/(week|weken|weekly|wekelijks)/.test(t)) return 7 * count;
  if (/(day|dag)/.test(t)) return count;
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
