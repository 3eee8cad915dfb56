import { z } from 'zod';
import { isDuplicateKey } from './mongo.errors.js';
import { DIALOG_SCHEMA_VERSION, idleFrame, type DialogRepo, type DialogState } from '../core/dialog.js';
import { mongo } from 'mongoose';
import { Batcher } from './batcher.js';
import { driverCollection, type Models } from './schemas.js';
import { FieldCipher, personScope, type KeyScope } from '../security/field-cipher.js';
import { SavedAnswers, storedAnswer, storedAnswerWithoutReplies, type SealedAnswer } from './dialog.answers.js';

const storedFrame = z.object({
  _id: z.string(),
  schemaVersion: z.number(),
  revision: z.number().int().min(0),
  flow: z.string().nullable().optional(),
  step: z.string().nullable().optional(),
  values: z.record(z.string(), z.unknown()).optional(),
  attempts: z.number().optional(),
  pending: z.array(z.object({ id: z.string(), effect: z.unknown() })).optional(),
});
const storedDialog = storedFrame.extend({ answered: z.array(storedAnswer).optional() });
/**
 * A dialog document as the driver writes it: an `_id` we choose, the answers typed for `$push`, other fields free (a
 * type literal, not an interface, so it fits the driver's `Document`).
 */
type DialogDoc = { _id: string; answered: SealedAnswer[] };

const storedDialogWithoutReplies = storedFrame.extend({ answered: z.array(storedAnswerWithoutReplies).optional() });

/**
 * A person's dialog state holds what they typed in the middle of a flow (`values`) and the effects of their last turn
 * (`pending`, which quote texts): both are sealed under the person's data key. Each pending effect is sealed on its
 * own, so `pending.0` still tells a query that work is waiting. The answers of the last few events (`answered`) are
 * sealed too; a turn reads them without their texts and only appends its own (dialog.answers.ts).
 */
export class MongoDialogRepo<E> implements DialogRepo<E> {
  /** `effectSchema` reads pending effects back: one that no longer parses cannot be applied and is left out. */
  constructor(
    private readonly models: Models,
    private readonly effectSchema: z.ZodType<E>,
    private readonly cipher: FieldCipher,
  ) {
    this.answers = new SavedAnswers(cipher);
  }

  private readonly answers: SavedAnswers;

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
    return { ...doc, values: await this.cipher.openJson(doc.values), pending };
  }

  /** The frame and pending effects as stored: what the person typed and what the effects quote, sealed. */
  private async seal(
    scope: KeyScope,
    state: Omit<DialogState<E>, 'personId' | 'answered'>,
  ): Promise<Record<string, unknown>> {
    return {
      ...state,
      values: await this.cipher.sealJson(scope, state.values),
      pending: await Promise.all(
        state.pending.map(async (p) => ({ ...p, effect: await this.cipher.sealJson(scope, p.effect) })),
      ),
    };
  }

  async load(personId: string): Promise<DialogState<E>> {
    return this.read(personId, await this.models.dialog.findById(personId).lean());
  }

  /**
   * A dialog document read along with the person, without its answers' replies (`answered.replies` projected away):
   * the state a turn decides on. A document from before encryption (its values not sealed) is read again whole, so
   * the save that follows seals all of it.
   */
  async readArrived(personId: string, raw: Record<string, unknown> | null): Promise<DialogState<E>> {
    if (raw && !FieldCipher.isSealed(raw.values)) return this.load(personId);
    return this.read(personId, raw, { withoutReplies: true });
  }

  /** A stored dialog document (or none) as state: what `load` returns, for a document read along with another. */
  async read(
    personId: string,
    raw: Record<string, unknown> | null | undefined,
    { withoutReplies = false }: { withoutReplies?: boolean } = {},
  ): Promise<DialogState<E>> {
    const doc = raw ? await this.open(raw) : null;
    if (!doc) return { personId, schemaVersion: DIALOG_SCHEMA_VERSION, revision: 0, pending: [], ...idleFrame };
    const parsed = (withoutReplies ? storedDialogWithoutReplies : storedDialog).safeParse(doc);
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
      answered: await this.answers.read(d.answered ?? [], d.revision),
    };
  }

  private readPending(stored: readonly { id: string; effect: unknown }[]): DialogState<E>['pending'] {
    return stored.flatMap(({ id, effect }) => {
      const parsed = this.effectSchema.safeParse(effect);
      return parsed.success ? [{ id, effect: parsed.data }] : [];
    });
  }

  async save(next: DialogState<E>, expectedRevision: number): Promise<boolean> {
    const { personId, answered = [], ...fields } = next;
    const scope = personScope(personId);
    const frame = { ...(await this.seal(scope, fields)), applyingUntil: null, updatedAt: new Date() };
    if (expectedRevision === 0) {
      const doc = { ...frame, answered: await this.answers.sealAll(scope, answered) };
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
    // The compare-and-set on the revision also guarantees the answers are still the ones read (see SavedAnswers).
    const { set, push } = await this.answers.update(scope, answered, expectedRevision);
    const update: mongo.UpdateFilter<DialogDoc> = { $set: set ? { ...frame, answered: set } : frame };
    if (push) update.$push = { answered: { $each: push.each, $slice: push.slice } };
    return this.saves.submit({ personId, expectedRevision, update });
  }

  /**
   * Every turn's write, grouped (batcher.ts): the saves of turns that commit while earlier ones are in flight go in one
   * unordered command, each still a compare-and-set on its own document. Each is an upsert, so that a lost race tells
   * itself apart: where the revision moved on, the upsert tries to insert a second document under the same `_id` and
   * the server refuses that one operation with a duplicate key (the others are not affected). A save whose document is
   * gone altogether (the person's data was erased meanwhile) would create one: it is removed again and the save counts
   * as lost, as a plain conditional update would have said. Through the driver itself (already what is stored).
   */
  private readonly saves = new Batcher<
    { personId: string; expectedRevision: number; update: mongo.UpdateFilter<DialogDoc> },
    boolean
  >(async (items) => {
    const dialogs = driverCollection<DialogDoc>(this.models.dialog);
    const operations = items.map(({ personId, expectedRevision, update }) => ({
      updateOne: { filter: { _id: personId, revision: expectedRevision }, update, upsert: true },
    }));
    let upserted: Record<number, unknown>;
    let refused = new Map<number, mongo.WriteError>();
    try {
      const result = await dialogs.bulkWrite(operations, { ordered: false });
      if (!everyOperationAccounted(result, 0, items.length))
        throw new Error('dialog saves: the answer does not add up');
      upserted = result.upsertedIds;
    } catch (error) {
      // A bulk error tells each operation's fate only when every operation is in it. The driver also wraps a dropped
      // connection as a bulk error (with nothing in it): then nobody knows which saves went through, so none counts.
      if (!(error instanceof mongo.MongoBulkWriteError)) throw error;
      const refusals = [error.writeErrors].flat();
      if (!everyOperationAccounted(error.result, refusals.length, items.length)) throw error;
      upserted = error.result.upsertedIds;
      refused = new Map(refusals.map((e) => [e.index, e]));
    }
    const created = Object.keys(upserted).map(Number);
    if (created.length > 0) {
      const removed = created.map((i) => ({
        _id: items[i]?.personId ?? '',
        revision: (items[i]?.expectedRevision ?? 0) + 1,
      }));
      await dialogs.deleteMany({ $or: removed });
    }
    return items.map((_, i) => {
      const refusal = refused.get(i);
      if (refusal) return isDuplicateKey(refusal) ? false : new Error(`dialog save refused: ${refusal.errmsg}`);
      return !created.includes(i);
    });
  });

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

/** True when a bulk write's answer names the fate of every one of `count` single-document operations. */
const everyOperationAccounted = (
  result: { matchedCount: number; upsertedCount: number },
  refused: number,
  count: number,
): boolean => result.matchedCount + result.upsertedCount + refused === count;
