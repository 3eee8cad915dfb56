/**
 * The answers a dialog keeps (`answered`: the replies of the person's last few events, each sealed under their data
 * key), so a platform retry of a committed event gets the same answer. They are most of a dialog document's bytes and
 * a turn almost never needs them: a turn reads them without their texts (`replies` absent; the engine reads the whole
 * state again for an event answered before), opens one only when its replies are read, and writes only what it adds
 * (`$push` with `$slice`, under the same compare-and-set on the revision), never the ones it read.
 */
import { z } from 'zod';
import type { AnsweredEvent } from '../core/dialog.js';
import { AppError } from '../core/errors.js';
import type { Reply } from '../core/reply.js';
import type { FieldCipher, KeyScope } from '../security/field-cipher.js';

const isObject = (r: unknown): r is object => typeof r === 'object' && r !== null;

/** A stored answer's replies: sealed (a string), or as written before encryption (the replies themselves). */
const storedReplies = z.union([z.string(), z.array(z.custom<Reply>(isObject))]);
export const storedAnswer = z.object({ event: z.string(), replies: storedReplies });
/** The same, read without the replies (the turn's first read). */
export const storedAnswerWithoutReplies = z.object({ event: z.string(), replies: storedReplies.optional() });

export type StoredAnswer = z.infer<typeof storedAnswerWithoutReplies>;
export interface SealedAnswer {
  readonly event: string;
  readonly replies: string;
}

/** How an update writes `answered`: the whole list (`set`), what was added (`push`), or nothing when unchanged. */
export interface AnswersUpdate {
  readonly set?: SealedAnswer[];
  readonly push?: { readonly each: SealedAnswer[]; readonly slice: number };
}

export class SavedAnswers {
  /** The sealed text an answer was read with (ciphertext only, never what they say). */
  private readonly sealed = new WeakMap<AnsweredEvent, string>();
  /** The list an answer was read in, and the revision of the document it was read from. */
  private readonly readIn = new WeakMap<AnsweredEvent, { list: readonly AnsweredEvent[]; revision: number }>();

  constructor(private readonly cipher: FieldCipher) {}

  /** A document's answers (at `revision`), each opened when (and if) its replies are read. */
  async read(stored: readonly StoredAnswer[], revision: number): Promise<AnsweredEvent[]> {
    const openJson = await this.cipher.jsonOpener(stored.map((a) => a.replies));
    const list = stored.map(({ event, replies: kept }): AnsweredEvent => {
      if (kept === undefined) return { event };
      let replies: readonly Reply[] | undefined = typeof kept === 'string' ? undefined : kept;
      const answer: AnsweredEvent = {
        event,
        get replies(): readonly Reply[] {
          replies ??= repliesFrom(openJson(kept));
          return replies;
        },
      };
      if (typeof kept === 'string') this.sealed.set(answer, kept);
      return answer;
    });
    for (const answer of list) this.readIn.set(answer, { list, revision });
    return list;
  }

  /**
   * The update that makes the answers of a document still at `revision` read `answered`. In a turn, `answered` is
   * the tail of the list read at that revision followed by the turn's new answer: only the new one is sealed and
   * pushed, and `$slice` drops the oldest as the list does. Anything else is written whole.
   */
  async update(scope: KeyScope, answered: readonly AnsweredEvent[], revision: number): Promise<AnswersUpdate> {
    const firstNew = answered.findIndex((a) => !this.readIn.has(a));
    const kept = firstNew < 0 ? answered.length : firstNew;
    const added = answered.slice(kept);
    const read = answered[0] ? this.readIn.get(answered[0]) : undefined;
    const tail = read && kept > 0 ? read.list.slice(read.list.length - kept) : [];
    const appends =
      read?.revision === revision &&
      tail.length === kept &&
      tail.every((a, i) => a === answered[i]) &&
      added.every((a) => !this.readIn.has(a));
    if (!appends || kept === 0) return { set: await this.sealAll(scope, answered) };
    if (added.length === 0 && kept === read.list.length) return {};
    return { push: { each: await this.sealAll(scope, added), slice: -answered.length } };
  }

  /** Every answer sealed: those read as their stored text, new ones sealed now. */
  sealAll(scope: KeyScope, answered: readonly AnsweredEvent[]): Promise<SealedAnswer[]> {
    return Promise.all(
      answered.map(async (a) => {
        const sealed = this.sealed.get(a);
        if (sealed !== undefined) return { event: a.event, replies: sealed };
        if (!a.replies) throw new AppError('internal', 'an answer read without its replies cannot be written whole');
        return { event: a.event, replies: await this.cipher.sealJson(scope, a.replies) };
      }),
    );
  }
}

/** An answer's replies as opened: a list of replies, or the stored answer was damaged. */
function repliesFrom(opened: unknown): readonly Reply[] {
  if (Array.isArray(opened) && opened.every(isObject)) return opened as Reply[];
  throw new AppError('internal', 'the saved answer of an event does not read back as replies');
}
