/** Documents read back are validated: `_id` becomes `id`, and the domain schema decides what is acceptable. */
import type { z } from 'zod';
import { AppError } from '../core/errors.js';

export function fromDoc<S extends z.ZodType>(schema: S, doc: unknown, what: string): z.infer<S> {
  if (doc === null || typeof doc !== 'object') throw new AppError('internal', `${what}: not a document`);
  const { _id, ...rest } = doc as Record<string, unknown>;
  const parsed = schema.safeParse({ id: _id, ...stripNulls(rest) });
  if (!parsed.success) {
    throw new AppError(
      'internal',
      `${what} ${String(_id)} failed validation: ${parsed.error.issues.map((i) => i.path.join('.') + ' ' + i.message).join('; ')}`,
    );
  }
  return parsed.data;
}

export function fromDocOrNull<S extends z.ZodType>(schema: S, doc: unknown, what: string): z.infer<S> | null {
  return doc ? fromDoc(schema, doc, what) : null;
}

/** MongoDB stores `undefined` as absent but may hand back `null`; the domain uses optional fields. */
function stripNulls(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** `{ id, ...rest }` → `{ _id, ...rest }`, dropping undefined fields. */
export function toDoc<T extends { id: string }>(entity: T): Record<string, unknown> {
  const { id, ...rest } = entity;
  const out: Record<string, unknown> = { _id: id };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = v;
  return out;
}
