/**
 * The outbox and delivery-log documents as stored, parsed back into the scheduler's types: a document that does not
 * match is refused here, at the boundary.
 */
import { z } from 'zod';
import type { DeliveryLogEntry, OutboxItem } from '../scheduler/ports.js';

const outboxDoc = z.object({
  _id: z.string(),
  kind: z.string(),
  recipientId: z.string(),
  dueAt: z.date(),
  payload: z.record(z.string(), z.unknown()).catch({}),
  urgent: z.boolean().nullish(),
  attempts: z.number().nullish(),
  leaseOwner: z.string().nullish(),
  leaseUntil: z.date().nullish(),
  lastError: z.string().nullish(),
  createdAt: z.date().nullish(),
  sendingAt: z.date().nullish(),
});

export function toItem(doc: unknown): OutboxItem {
  const row = outboxDoc.parse(doc);
  return {
    key: row._id,
    kind: row.kind,
    recipientId: row.recipientId,
    dueAt: row.dueAt,
    payload: row.payload,
    urgent: row.urgent ?? false,
    status: 'pending',
    attempts: row.attempts ?? 0,
    ...(row.leaseOwner ? { leaseOwner: row.leaseOwner } : {}),
    ...(row.leaseUntil ? { leaseUntil: row.leaseUntil } : {}),
    ...(row.lastError ? { lastError: row.lastError } : {}),
    createdAt: row.createdAt ?? row.dueAt,
    ...(row.sendingAt ? { sendingAt: row.sendingAt } : {}),
  };
}

const logDoc = z.object({
  _id: z.string(),
  kind: z.string(),
  recipientId: z.string(),
  dueAt: z.date(),
  deliveredAt: z.date(),
  outcome: z.enum(['sent', 'skipped', 'failed', 'duplicate']),
  channel: z.string().nullish(),
  messageId: z.string().nullish(),
  reason: z.string().nullish(),
  attempts: z.number().nullish(),
  instance: z.string().nullish(),
  payload: z.record(z.string(), z.unknown()).nullish(),
  possibleDuplicate: z.boolean().nullish(),
});

export function toLogEntry(doc: unknown): DeliveryLogEntry {
  const row = logDoc.parse(doc);
  return {
    key: row._id,
    kind: row.kind,
    recipientId: row.recipientId,
    dueAt: row.dueAt,
    deliveredAt: row.deliveredAt,
    outcome: row.outcome,
    ...(row.channel ? { channel: row.channel } : {}),
    ...(row.messageId ? { messageId: row.messageId } : {}),
    ...(row.reason ? { reason: row.reason } : {}),
    attempts: row.attempts ?? 0,
    ...(row.instance ? { instance: row.instance } : {}),
    payload: row.payload ?? {},
    ...(row.possibleDuplicate ? { possibleDuplicate: true } : {}),
  };
}
