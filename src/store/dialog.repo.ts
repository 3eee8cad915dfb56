import { z } from 'zod';
import { isDuplicateKey } from './mongo.errors.js';
import { DIALOG_SCHEMA_VERSION, idleFrame, type DialogRepo, type DialogState } from '../core/dialog.js';
import type { Reply } from '../core/reply.js';
import { driverCollection, type Models } from './schemas.js';
import { personScope, type FieldCipher } from '../security/field-cipher.js';

const storedDialog = z.object({
  _id: z.string(),
  schemaVersion: z.number(),
  revision: z.number().int().min(0),
  flow: z.string().nullable().optional(),
  step: z.string().nullable().optional(),
  values: z.record(z.string(), z.unknown()).optional(),
  attempts: z.number().optional(),
  pending: z.array(z.object({ id: z.string(), effect: z.unknown() })).optional(),
  answered: z
    .array(
      z.object({ event: z.string(), replies: z.array(z.custom<Reply>((r) => typeof r === 'object' && r !== null)) }),
    )
    .optional(),
});

/**
 * A person's dialog state holds what they typed in the middle of a flow (`values`) and the effects of their last turn
 * (`pending`, which quote texts): both are sealed under the person's data key. Each pending effect is sealed on its
 * own, so `pending.0` still tells a query that work is waiting.
 */
export class MongoDialogRepo<E> implements DialogRepo<E> {
  /** `effectSchema` reads pending effects back: one that no longer parses cannot be applied and is left out. */
  constructor(
    private readonly models: Models,
    private readonly effectSchema: z.ZodType<E>,
    private readonly cipher: FieldCipher,
  ) {}

  private async open(doc: Record<string, unknown>): Promise<Record<string, unknown>> {
    const pending = Array.isArray(doc.pending)
      ? await Promise.all(
          doc.pending.map(async (p: unknown) =>
            typeof p === 'object' && p !== null && 'effect' in p
              ? { ...p, effect: await this.cipher.openJson(p.effect) }
              : p,
          ),
        )
      : doc.pending;
    const answered = Array.isArray(doc.answered)
      ? await Promise.all(
          doc.answered.map(async (a: unknown) => {
            if (typeof a !== 'object' || a === null || !('replies' in a)) return a;
            if ('event' in a && typeof a.event === 'string' && typeof a.replies === 'string')
              this.remember(`${String(doc._id)}|${a.event}`, a.replies);
            return { ...a, replies: await this.cipher.openJson(a.replies) };
          }),
        )
      : doc.answered;
    return { ...doc, values: await this.cipher.openJson(doc.values), pending, answered };
  }

  private async seal(
    personId: string,
    state: Omit<DialogState<E>, 'personId'>,
  ): Promise<Record<string, unknown> & { answered: { event: string; replies: string }[] }> {
    const scope = personScope(personId);
    return {
      ...state,
      values: await this.cipher.sealJson(scope, state.values),
      pending: await Promise.all(
        state.pending.map(async (p) => ({ ...p, effect: await this.cipher.sealJson(scope, p.effect) })),
      ),
      // The answers quote what the person wrote: sealed like the rest. An event's answer never changes once
      // committed, so the sealed text read with the state is written back as it was, not sealed again every turn.
      answered: await Promise.all(
        (state.answered ?? []).map(async (a) => {
          const key = `${personId}|${a.event}`;
          // Only what was read back or committed is remembered (see `save`): a lost race's answer never is.
          const replies = this.sealedAnswers.get(key) ?? (await this.cipher.sealJson(scope, a.replies));
          return { event: a.event, replies };
        }),
      ),
    };
  }

  /** Sealed answers by person and event, the most recent few thousand (ciphertext only, never what they say). */
  private readonly sealedAnswers = new Map<string, string>();

  private remember(key: string, sealed: string): void {
    this.sealedAnswers.delete(key);
    this.sealedAnswers.set(key, sealed);
    if (this.sealedAnswers.size > 5_000) this.sealedAnswers.delete(this.sealedAnswers.keys().next().value ?? '');
  }

  async load(personId: string): Promise<DialogState<E>> {
    return this.read(personId, await this.models.dialog.findById(personId).lean());
  }

  /** A stored dialog document (or none) as state: what `load` returns, for a document read along with another. */
  async read(personId: string, raw: Record<string, unknown> | null | undefined): Promise<DialogState<E>> {
    const doc = raw ? await this.open(raw) : null;
    if (!doc) return { personId, schemaVersion: DIALOG_SCHEMA_VERSION, revision: 0, pending: [], ...idleFrame };
    const parsed = storedDialog.safeParse(doc);
    const revision = typeof doc.revision === 'number' ? doc.revision : 0;
    // An unknown schema version or a malformed document is restarted (idle), never half-read.
    if (!parsed.success || parsed.data.schemaVersion !== DIALOG_SCHEMA_VERSION) {
      return { personId, schemaVersion: DIALOG_SCHEMA_VERSION, revision, pending: [], ...idleFrame };
    }
    const d = parsed.data;
    return {
      personId,
      schemaVersion: d.schemaVersion,
      revision: d.revision,
      flow: d.flow ?? null,
      step: d.step ?? null,
      values: d.values ?? {},
      attempts: d.attempts ?? 0,
      pending: this.readPending(d.pending ?? []),
      answered: d.answered ?? [],
    };
  }

  private readPending(stored: readonly { id: string; effect: unknown }[]): DialogState<E>['pending'] {
    return stored.flatMap(({ id, effect }) => {
      const parsed = this.effectSchema.safeParse(effect);
      return parsed.success ? [{ id, effect: parsed.data }] : [];
    });
  }

  async save(next: DialogState<E>, expectedRevision: number): Promise<boolean> {
    const { personId, ...fields } = next;
    const doc = { ...(await this.seal(personId, fields)), applyingUntil: null, updatedAt: new Date() };
    if (expectedRevision === 0) {
      const updated = await this.models.dialog.updateOne({ _id: personId, revision: 0 }, { $set: doc });
      if (updated.matchedCount === 1) return true;
      try {
        await this.models.dialog.create({ _id: personId, ...doc });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    // Every turn's write: through the driver itself (the document is already what is stored; no casting needed).
    const result = await driverCollection(this.models.dialog).updateOne(
      { _id: personId, revision: expectedRevision },
      { $set: doc },
    );
    if (result.matchedCount !== 1) return false;
    for (const a of doc.answered) this.remember(`${personId}|${a.event}`, a.replies);
    return true;
  }

  async claimPending(personId: string, revision: number, until: Date, now: Date): Promise<boolean> {
    const result = await this.models.dialog.updateOne(
      {
        _id: personId,
        revision,
        'pending.0': { $exists: true },
        $or: [{ applyingUntil: null }, { applyingUntil: { $lt: now } }],
      },
      { $set: { applyingUntil: until } },
    );
    return result.modifiedCount === 1;
  }

  async renewPending(personId: string, revision: number, held: Date, until: Date): Promise<boolean> {
    const result = await this.models.dialog.updateOne(
      { _id: personId, revision, 'pending.0': { $exists: true }, applyingUntil: held },
      { $set: { applyingUntil: until } },
    );
    return result.matchedCount === 1;
  }

  async clearPending(personId: string, revision: number): Promise<void> {
    await this.models.dialog.updateOne({ _id: personId, revision }, { $set: { pending: [], applyingUntil: null } });
  }
}
