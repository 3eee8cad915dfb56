/**
 * The address we keep per Teams identity: a minimal conversation reference, enough to continue the personal chat
 * proactively (`continueConversationAsync`) or to recreate it (`createConversationAsync`).
 *
 * Pitfalls:
 *  - The reference is stored without `activityId`: with one, every proactive message would be sent as a reply to
 *    that old activity.
 *  - No display name is stored in the reference; the person's name lives on the person.
 */
import { z } from 'zod';
import type { TeamsActivity } from './activity.translator.js';
import { tenantOf } from './activity.translator.js';

export const referenceSchema = z.object({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.object({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    conversationType: z.string().optional(),
  }),
  user: z.object({ id: z.string().min(1), aadObjectId: z.string().optional() }).optional(),
  bot: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
  locale: z.string().optional(),
});
export type ConversationRef = z.infer<typeof referenceSchema>;

export const addressSchema = z.object({ conversationReference: referenceSchema });
export type TeamsAddress = z.infer<typeof addressSchema>;

export function referenceOf(activity: TeamsActivity): ConversationRef {
  const tenantId = tenantOf(activity);
  return {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    conversation: {
      id: activity.conversation.id,
      ...(tenantId !== 'unknown' ? { tenantId } : {}),
      conversationType: activity.conversation.conversationType ?? 'personal',
    },
    ...(activity.from
      ? {
          user: {
            id: activity.from.id,
            ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
          },
        }
      : {}),
    ...(activity.recipient
      ? { bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) } }
      : {}),
    ...(activity.locale ? { locale: activity.locale } : {}),
  };
}

export function readAddress(address: unknown): ConversationRef | null {
  const parsed = addressSchema.safeParse(address);
  return parsed.success ? parsed.data.conversationReference : null;
}

/** True when the stored reference still points at the same conversation on the same service URL. */
export function sameConversation(stored: ConversationRef | null, current: ConversationRef): boolean {
  return (
    stored !== null && stored.conversation.id === current.conversation.id && stored.serviceUrl === current.serviceUrl
  );
}
