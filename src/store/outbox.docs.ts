/**
 * The outbox and delivery-log documents as stored, parsed back into the scheduler's types: a document that does not
 * match is refused here, at the boundary.
 */
import { z } from 'zod';
import { isDuplicateKey } from './mongo.errors.js';
import type { CompletedDelivery, DeliveryLogEntry, OutboxItem } from '../scheduler/ports.js';
import type { Models } from './schemas.js';

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

const storedLogDoc = z.object({
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
  const row = storedLogDoc.parse(doc);
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

/** A delivery-log document for an item and how it left the outbox. */
export function logDoc(item: OutboxItem, entry: CompletedDelivery): Record<string, unknown> {
  return {
    kind: item.kind,
    recipientId: item.recipientId,
    dueAt: item.dueAt,
    payload: item.payload,
    urgent: item.urgent ?? false,
    attempts: entry.attempts ?? item.attempts,
    deliveredAt: entry.deliveredAt,
    outcome: entry.outcome,
    ...(entry.channel ? { channel: entry.channel } : {}),
    ...(entry.messageId ? { messageId: entry.messageId } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.instance ? { instance: entry.instance } : {}),
    ...(entry.possibleDuplicate ? { possibleDuplicate: true } : {}),
  };
}

/** The indexes of the documents an unordered insert refused as duplicate keys; any other failure is thrown. */
export function duplicateIndexes(error: unknown): number[] {
  if (typeof error !== 'object' || error === null || !('writeErrors' in error)) throw error;
  const raw = error.writeErrors;
  const writeErrors: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (writeErrors.length === 0) throw error;
  return writeErrors.map((w) => {
    if (!isDuplicateKey(w) || typeof w !== 'object' || w === null || !('index' in w) || typeof w.index !== 'number')
      throw error;
    return w.index;
  });
}

/** One unordered insert into the delivery log (the driver's, without per-document casting); returns the keys it
 * already held. */
export async function insertKeepingDuplicates(
  models: Models,
  docs: readonly Record<string, unknown>[],
): Promise<Set<string>> {
  try {
    await models.delivery.collection.insertMany(
      docs.map((d) => ({ ...d })),
      { ordered: false },
    );
    return new Set();
  } catch (error) {
    return new Set(duplicateIndexes(error).map((i) => String(docs[i]?._id)));
  }
}
