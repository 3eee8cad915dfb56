/**
 * Which fields of the coaching documents are free text, and under which data key they are sealed. Everything in a
 * trajectory (its goal, preparations, evaluation comments, notes on a conversation, agreements and their history) uses the trajectory's key;
 * ids, dates, states, numbers and ratings stay in the clear so every query works without plaintext.
 * See docs/decisions/encryption-data-keys.md.
 */
import { FieldCipher, trajectoryScope } from '../security/field-cipher.js';

type Doc = Record<string, unknown>;

const isRecord = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

export class SealedFields {
  constructor(readonly cipher: FieldCipher) {}

  async sealTrajectory<T extends Doc>(trajectoryId: string, set: T): Promise<T> {
    if (typeof set.goal !== 'string') return set;
    return { ...set, goal: await this.cipher.seal(trajectoryScope(trajectoryId), set.goal) };
  }

  async openTrajectory(doc: Doc | null): Promise<Doc | null> {
    if (!doc || typeof doc.goal !== 'string') return doc;
    return { ...doc, goal: await this.cipher.open(doc.goal) };
  }

  sealPreparation(trajectoryId: string, preparation: unknown): Promise<string> {
    return this.cipher.sealJson(trajectoryScope(trajectoryId), preparation);
  }

  async sealEvaluation<T extends Doc>(trajectoryId: string, evaluation: T): Promise<T> {
    if (typeof evaluation.comment !== 'string') return evaluation;
    return { ...evaluation, comment: await this.cipher.seal(trajectoryScope(trajectoryId), evaluation.comment) };
  }

  async sealSession(doc: Doc): Promise<Doc> {
    const trajectoryId = String(doc.trajectoryId);
    const out: Doc = { ...doc };
    if (doc.preparation !== undefined) out.preparation = await this.sealPreparation(trajectoryId, doc.preparation);
    if (isRecord(doc.evaluations)) {
      const evaluations: Doc = {};
      for (const [role, evaluation] of Object.entries(doc.evaluations)) {
        evaluations[role] = isRecord(evaluation) ? await this.sealEvaluation(trajectoryId, evaluation) : evaluation;
      }
      out.evaluations = evaluations;
    }
    if (Array.isArray(doc.notes))
      out.notes = await Promise.all(doc.notes.map((n: unknown) => (isRecord(n) ? this.sealNote(trajectoryId, n) : n)));
    return out;
  }

  /** A note on a conversation: its text, under the trajectory's key. */
  async sealNote<T extends Doc>(trajectoryId: string, note: T): Promise<T> {
    if (typeof note.text !== 'string') return note;
    return { ...note, text: await this.cipher.seal(trajectoryScope(trajectoryId), note.text) };
  }

  async openSession(doc: Doc | null): Promise<Doc | null> {
    if (!doc) return doc;
    const out: Doc = { ...doc, preparation: await this.cipher.openJson(doc.preparation) };
    if (isRecord(doc.evaluations)) {
      const evaluations: Doc = {};
      for (const [role, evaluation] of Object.entries(doc.evaluations)) {
        evaluations[role] =
          isRecord(evaluation) && typeof evaluation.comment === 'string'
            ? { ...evaluation, comment: await this.cipher.open(evaluation.comment) }
            : evaluation;
      }
      out.evaluations = evaluations;
    }
    if (Array.isArray(doc.notes))
      out.notes = await Promise.all(
        doc.notes.map(async (n: unknown) =>
          isRecord(n) && typeof n.text === 'string' ? { ...n, text: await this.cipher.open(n.text) } : n,
        ),
      );
    return out;
  }

  /** An agreement's `what` and its history entries' texts (`note`, and `from` / `to`, which may hold an old text). */
  async sealAgreement<T extends Doc>(trajectoryId: string, set: T): Promise<T> {
    const scope = trajectoryScope(trajectoryId);
    const out: Doc = { ...set };
    if (typeof set.what === 'string') out.what = await this.cipher.seal(scope, set.what);
    if (Array.isArray(set.history)) {
      out.history = await Promise.all(
        set.history.map((e: unknown) => (isRecord(e) ? this.sealEntry(trajectoryId, e) : e)),
      );
    }
    return out as T;
  }

  async sealEntry<T extends Doc>(trajectoryId: string, entry: T): Promise<T> {
    const scope = trajectoryScope(trajectoryId);
    const out: Doc = { ...entry };
    for (const field of ['note', 'from', 'to'] as const) {
      const value = entry[field];
      if (typeof value === 'string') out[field] = await this.cipher.seal(scope, value);
    }
    return out as T;
  }

  async openAgreement(doc: Doc | null): Promise<Doc | null> {
    if (!doc) return doc;
    const out: Doc = { ...doc };
    if (typeof doc.what === 'string') out.what = await this.cipher.open(doc.what);
    if (Array.isArray(doc.history)) {
      out.history = await Promise.all(
        doc.history.map(async (e: unknown) => {
          if (!isRecord(e)) return e;
          const opened: Doc = { ...e };
          for (const field of ['note', 'from', 'to'] as const) {
            const value = e[field];
            if (typeof value === 'string') opened[field] = await this.cipher.open(value);
          }
          return opened;
        }),
      );
    }
    return out;
  }
}
