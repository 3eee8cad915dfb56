import { z } from 'zod';
import { isDuplicateKey } from './mongo.errors.js';
import {
  DIALOG_SCHEMA_VERSION,
  idleFrame,
  type AnsweredEvent,
  type DialogRepo,
  type DialogState,
} from '../core/dialog.js';
import { AppError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import { driverCollection, type Models } from './schemas.js';
import { personScope, type FieldCipher } from '../security/field-cipher.js';

const isObject = (r: unknown): r is object => typeof r === 'object' && r !== null;

const storedDialog = z.object({
  _id: z.string(),
  schemaVersion: z.number(),
  revision: z.number().int().min(0),
  flow: z.string().nullable().optional(),
  step: z.string().nullable().optional(),
  values: z.record(z.string(), z.unknown()).optional(),
  attempts: z.number().optional(),
  pending: z.array(z.object({ id: z.string(), effect: z.unknown() })).optional(),
  // Sealed (a string), or as written before encryption (the replies themselves): opened only when read (`answers`).
  answered: z
    .array(z.object({ event: z.string(), replies: z.union([z.string(), z.array(z.custom<Reply>(isObject))]) }))
    .optional(),
});

type StoredAnswer = NonNullable<z.infer<typeof storedDialog>['answered']>[number];

/**
 * A person's dialog state holds what they typed in the middle of a flow (`values`) and the effects of their last turn
 * (`pending`, which quote texts): both are sealed under the person's data key. Each pending effect is sealed on its
 * own, so `pending.0` still tells a query that work is waiting. The answers of the last few events (`answered`) are
 * sealed too, and read lazily: a turn only looks at one when its event was answered before (a platform retry), so
 * the others are neither decrypted nor sealed again (an answer never changes once committed).
 */
export class MongoDialogRepo<E> implements DialogRepo<E> {
  /** `effectSchema` reads pending effects back: one that no longer parses cannot be applied and is left out. */
  constructor(
    private readonly models: Models,
    private readonly effectSchema: z.ZodType<E>,
    private readonly cipher: FieldCipher,
  ) {}

  /** The sealed text each answer read from the store came with (ciphertext only, never what they say). */
  private readonly sealedAnswers = new WeakMap<AnsweredEvent, string>();

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

  /** The stored answers, each opened when (and if) its replies are read. */
  private async answers(stored: readonly StoredAnswer[]): Promise<AnsweredEvent[]> {
    const openJson = await this.cipher.jsonOpener(stored.map((a) => a.replies));
    return stored.map(({ event, replies: kept }) => {
      let replies: readonly Reply[] | undefined = typeof kept === 'string' ? undefined : kept;
      const answer: AnsweredEvent = {
        event,
        get replies(): readonly Reply[] {
          replies ??= repliesFrom(openJson(kept));
          return replies;
        },
      };
      if (typeof kept === 'string') this.sealedAnswers.set(answer, kept);
      return answer;
    });
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
      // The answers quote what the person wrote: sealed like the rest. An answer read with the state is written back
      // as it was read (never opened, never sealed again); only this turn's new answer is sealed.
      answered: await Promise.all(
        (state.answered ?? []).map(async (a) => ({
          event: a.event,
          replies: this.sealedAnswers.get(a) ?? (await this.cipher.sealJson(scope, a.replies)),
        })),
      ),
    };
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
      answered: await this.answers(d.answered ?? []),
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
    return result.matchedCount === 1;
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

/** An answer's replies as opened: a list of replies, or the stored answer was damaged. */
function repliesFrom(opened: unknown): readonly Reply[] {
  if (Array.isArray(opened) && opened.every(isObject)) return opened as Reply[];
  throw new AppError('internal', 'the saved answer of an event does not read back as replies');
}
