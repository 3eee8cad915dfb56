/**
 * The coach's digest of what the employee prepared: at once when the preparation is finished
 * (key `session/{sessionId}/digest/{completedAt}`), and a final one before the session
 * (key `session/{sessionId}/final/{startsAt}`). Both urgent, so they are on time; one that arrives after the conversation
 * began is not sent, and the final one says how long until it as it is read ("in an hour", "in 20 minutes").
 */
import { z } from 'zod';
import { digestFor } from '../actions.js';
import type { Session } from '../model.js';
import { visibleSession } from '../queries.js';
import {
  quiet,
  say,
  sessionPrefix,
  type NoticeRenderer,
  type PlannedOf,
  type Recipient,
  type Renderers,
} from './notice.js';
import type { PlannerSettings } from './settings.js';

export const digestPayloads = {
  digest: z.object({ sessionId: z.string() }),
  'digest.final': z.object({ sessionId: z.string(), startsAt: z.string() }),
} as const;

/** The digest to the coach at once (urgent), and the final digest before the session (urgent, so it is on time). */
export function digestItems(
  session: Session,
  coach: Recipient | null,
  settings: PlannerSettings,
  now: Date,
  withImmediate: boolean,
): PlannedOf<typeof digestPayloads>[] {
  if (!coach || session.status === 'cancelled') return [];
  const items: PlannedOf<typeof digestPayloads>[] = [];
  if (withImmediate) {
    const version = session.preparation.completedAt?.toISOString() ?? `r${session.revision}`;
    items.push({
      key: `${sessionPrefix(session.id, 'digest')}${version}`,
      kind: 'digest',
      recipientId: coach.id,
      dueAt: now,
      payload: { sessionId: session.id },
      urgent: true,
    });
  }
  const finalAt = new Date(session.startsAt.getTime() - settings.digestFinalMinutesBefore * 60_000);
  if (finalAt > now) {
    const stamp = session.startsAt.toISOString();
    items.push({
      key: `${sessionPrefix(session.id, 'final')}${stamp}`,
      kind: 'digest.final',
      recipientId: coach.id,
      dueAt: finalAt,
      payload: { sessionId: session.id, startsAt: stamp },
      urgent: true,
    });
  }
  return items;
}

const digest =
  (final: boolean): NoticeRenderer<{ readonly sessionId: string }> =>
  async (ctx, state, payload) => {
    const found = await visibleSession(ctx, payload.sessionId);
    // Once the conversation has begun, an agenda held up on its way would only interrupt it: nothing is sent (the
    // coach can still type `agenda`).
    if (
      !found ||
      found.trajectory.coachId !== ctx.person.id ||
      !['scheduled', 'preparing', 'prepared'].includes(found.session.status) ||
      found.session.startsAt.getTime() <= ctx.now.getTime()
    )
      return quiet(state);
    return say(state, [await digestFor(ctx, found.session.id, final)]);
  };

export const digestRenderers: Renderers<typeof digestPayloads> = {
  digest: digest(false),
  'digest.final': digest(true),
};
