/**
 * The notice that someone who left removed their data, to the other person of each of their trajectories. Planned by
 * the `person.erase` effect before the removal (key `privacy.removed:{recipientId}:{trajectory start}`), urgent. Its
 * payload names no one: only the leaver's role and when the trajectory started.
 */
import { z } from 'zod';
import { roleSchema } from '../model.js';
import { formatInstant } from '../time.js';
import { say, type Renderers } from './notice.js';

export const privacyPayloads = {
  'privacy.trajectoryRemoved': z.object({ role: roleSchema, startedAt: z.string() }),
} as const;

export const privacyRenderers: Renderers<typeof privacyPayloads> = {
  'privacy.trajectoryRemoved': async (ctx, state, payload) => {
    const when = formatInstant(new Date(payload.startedAt), ctx.person.timeZone, ctx.locale);
    return say(state, [{ text: ctx.t('privacy.erase.notice', { role: ctx.t(`privacy.role.${payload.role}`), when }) }]);
  },
};
