/**
 * In-memory dialog state and outbox: the engine's and the scheduler's ports, with the same
 * compare-and-set on the dialog revision, the same lease on pending effects, and outbox keys planned once.
 */
import { DIALOG_SCHEMA_VERSION, idleFrame, type DialogRepo, type DialogState } from '../../../src/core/dialog.js';
import type { NoticeOutbox, PlannedNotice } from '../../../src/coaching/notices/index.js';

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryDialogRepo<E> implements DialogRepo<E> {
  readonly rows = new Map<string, { state: DialogState<E>; applyingUntil: Date | null }>();

  async load(personId: string): Promise<DialogState<E>> {
    const row = this.rows.get(personId);
    if (!row) return { personId, schemaVersion: DIALOG_SCHEMA_VERSION, revision: 0, pending: [], ...idleFrame };
    return copy(row.state);
  }
  async save(next: DialogState<E>, expectedRevision: number): Promise<boolean> {
    const row = this.rows.get(next.personId);
    if ((row?.state.revision ?? 0) !== expectedRevision) return false;
    this.rows.set(next.personId, { state: copy(next), applyingUntil: null });
    return true;
  }
  async claimPending(personId: string, revision: number, until: Date, now: Date): Promise<boolean> {
    const row = this.rows.get(personId);
    if (!row || row.state.revision !== revision || row.state.pending.length === 0) return false;
    if (row.applyingUntil && row.applyingUntil >= now) return false;
    row.applyingUntil = until;
    return true;
  }
  async renewPending(personId: string, revision: number, held: Date, until: Date): Promise<boolean> {
    const row = this.rows.get(personId);
    if (!row || row.state.revision !== revision || row.state.pending.length === 0) return false;
    if (row.applyingUntil?.getTime() !== held.getTime()) return false;
    row.applyingUntil = until;
    return true;
  }
  async clearPending(personId: string, revision: number): Promise<void> {
    const row = this.rows.get(personId);
    if (row && row.state.revision === revision) {
      row.state = { ...row.state, pending: [] };
      row.applyingUntil = null;
    }
  }
}

/** The outbox as the domain and the planner see it, plus what a test's dispatcher needs: pending and done. */
export class MemoryOutbox implements NoticeOutbox {
  readonly items = new Map<string, PlannedNotice>();
  readonly delivered = new Set<string>();

  async plan(item: PlannedNotice): Promise<boolean> {
    if (this.delivered.has(item.key) || this.items.has(item.key)) return false;
    this.items.set(item.key, copy(item));
    return true;
  }
  async planMany(items: readonly PlannedNotice[]): Promise<number> {
    let planned = 0;
    for (const item of items) if (await this.plan(item)) planned++;
    return planned;
  }
  async cancelByPrefix(prefix: string): Promise<number> {
    const keys = [...this.items.keys()].filter((k) => k.startsWith(prefix));
    for (const k of keys) this.items.delete(k);
    return keys.length;
  }
  /** Pending items, soonest first. */
  pending(): PlannedNotice[] {
    return [...this.items.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).map(copy);
  }
  /** The item left the outbox (sent, or skipped as nothing to say): planning its key again changes nothing. */
  done(key: string): void {
    this.items.delete(key);
    this.delivered.add(key);
  }
}
