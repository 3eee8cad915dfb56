/**
 * The bookkeeping of one person's delivery round: which claimed items this round still holds, and the three ways an
 * item leaves it. `finish` logs an outcome and removes the item (sent, skipped, failed); `defer` releases it for a
 * later due time without counting an attempt; `retry` releases it with backoff after a failure, or fails it for good.
 * Nothing is written per item: the rounds of a chunk write into one ledger, flushed in a few round trips.
 */
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DeliveryError } from '../core/messenger.js';
import type {
  Completion,
  Deliverables,
  DispatcherSettings,
  DispatchStore,
  OutboxItem,
  QuotaRequest,
  Release,
  SendQuota,
  TickResult,
} from './ports.js';

/** Why a delivery did not happen, in short and free of secrets: for the log and the outbox row. */
export type DeliveryProblem =
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number }
  /** `recipient`: the person cannot be reached; `message`: only this message was refused. */
  | { readonly kind: 'permanent'; readonly reason: string; readonly scope: 'recipient' | 'message' };

export function describe(error: unknown): DeliveryProblem {
  if (error instanceof DeliveryError) {
    const failure = error.failure;
    const reason = failure.reason.slice(0, 200);
    if (failure.kind === 'permanent') return { kind: 'permanent', reason, scope: failure.scope ?? 'recipient' };
    return failure.retryAfterMs !== undefined
      ? { kind: 'transient', reason, retryAfterMs: failure.retryAfterMs }
      : { kind: 'transient', reason };
  }
  if (error instanceof AppError) return { kind: 'transient', reason: error.code };
  return { kind: 'transient', reason: error instanceof Error ? error.name : 'unknown error' };
}

/** Exponential backoff: base × 2^(attempt−1), capped; never shorter than the platform's Retry-After. */
export function retryDelayMs(
  attempt: number,
  settings: Pick<DispatcherSettings, 'backoffBaseMs' | 'backoffMaxMs'>,
  retryAfterMs?: number,
): number {
  const backoff = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

export interface RoundDeps {
  readonly store: DispatchStore;
  readonly deliverables: Deliverables;
  readonly quota: SendQuota;
  readonly logger: Logger;
  readonly instanceId: string;
  readonly settings: Pick<DispatcherSettings, 'maxAttempts' | 'backoffBaseMs' | 'backoffMaxMs'>;
}

export interface PersonBatch {
  readonly personId: string;
  readonly items: readonly OutboxItem[];
  /** The lease owner the items were claimed under. */
  readonly owner: string;
  readonly now: Date;
}

export interface FinishDetails {
  readonly reason?: string;
  readonly channel?: string;
  readonly messageId?: string;
  readonly attempts?: number;
  readonly possibleDuplicate?: boolean;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

type Outcome = 'sent' | 'skipped' | 'failed';

/**
 * What a chunk's rounds decided, written at the end in a few round trips: the log entries (then the removals), the
 * releases, the quota units given back, and the domain told what left the outbox. Counts land in the tick's result
 * once written.
 */
export class ChunkLedger {
  private completions: { completion: Completion; outcome: Outcome }[] = [];
  private releases: { release: Release; counts: 'deferred' | 'retried' }[] = [];
  private givenBack: QuotaRequest[] = [];

  constructor(
    private readonly deps: RoundDeps,
    readonly owner: string,
    readonly now: Date,
    readonly result: TickResult,
  ) {}

  complete(item: OutboxItem, outcome: Outcome, details: FinishDetails): void {
    const entry = { outcome, deliveredAt: this.now, instance: this.deps.instanceId, ...details };
    this.completions.push({ completion: { item, entry }, outcome });
  }

  release(release: Release, counts: 'deferred' | 'retried'): void {
    this.releases.push({ release, counts });
  }

  giveBack(request: QuotaRequest): void {
    this.givenBack.push(request);
  }

  /** Writes what was decided. Should the log write fail, the items are given back with backoff (their attempt
   * stays recorded, so the next claimer checks the platform before sending again). */
  async flush(): Promise<void> {
    const completions = this.completions;
    this.completions = [];
    try {
      await this.writeCompletions(completions);
    } catch (error) {
      this.deps.logger.error({ err: errorText(error) }, 'delivery log write failed');
      for (const { completion } of completions) this.retryAfterFailedLog(completion.item, error);
    }
    const releases = this.releases;
    this.releases = [];
    if (releases.length > 0) {
      await this.deps.store.releaseMany(
        this.owner,
        releases.map((r) => r.release),
      );
      for (const r of releases) this.result[r.counts]++;
    }
    const givenBack = this.givenBack;
    this.givenBack = [];
    if (givenBack.length > 0) await this.deps.quota.giveBackMany(givenBack, this.owner);
  }

  private async writeCompletions(completions: readonly { completion: Completion; outcome: Outcome }[]): Promise<void> {
    if (completions.length === 0) return;
    const duplicates = await this.deps.store.completeMany(completions.map((c) => c.completion));
    for (const { completion, outcome } of completions) {
      this.result[outcome]++;
      if (!duplicates.has(completion.item.key)) continue;
      this.result.duplicates++;
      this.deps.logger.warn(
        { key: completion.item.key, messageId: completion.entry.messageId },
        'delivered after the lease ran out: logged as a duplicate',
      );
    }
    const left = completions.filter((c) => c.outcome !== 'failed').map((c) => c.completion.item);
    if (left.length === 0) return;
    try {
      await this.deps.deliverables.delivered(left);
    } catch (error) {
      this.deps.logger.error({ items: left.length, err: errorText(error) }, 'planning after a delivery failed');
    }
  }

  private retryAfterFailedLog(item: OutboxItem, error: unknown): void {
    const problem = describe(error);
    const attempts = item.attempts + 1;
    const delay = retryDelayMs(attempts, this.deps.settings);
    const dueAt = new Date(this.now.getTime() + delay);
    this.release({ key: item.key, set: { dueAt, attempts, lastError: problem.reason } }, 'retried');
  }
}

export class DeliveryRound {
  private readonly held: Set<string>;
  /** Log context: ids only, never what a message says. */
  readonly logContext: { readonly personId: string };

  constructor(
    private readonly deps: RoundDeps,
    readonly batch: PersonBatch,
    private readonly ledger: ChunkLedger,
  ) {
    this.held = new Set(batch.items.map((item) => item.key));
    this.logContext = { personId: batch.personId };
  }

  get result(): TickResult {
    return this.ledger.result;
  }

  holds(item: OutboxItem): boolean {
    return this.held.has(item.key);
  }

  countMessage(): void {
    this.result.messages++;
  }

  countRecovered(): void {
    this.result.recovered++;
  }

  countPossibleDuplicate(): void {
    this.result.possibleDuplicates++;
  }

  /** Another instance took the item over (its lease ran out): it is theirs now, not sent here. */
  lose(item: OutboxItem): void {
    this.held.delete(item.key);
    this.result.lost++;
  }

  /** Logs an outcome and removes the item (written with the chunk). */
  finish(item: OutboxItem, outcome: Outcome, details: FinishDetails = {}): void {
    this.held.delete(item.key);
    this.ledger.complete(item, outcome, details);
  }

  skip(items: readonly OutboxItem[], reason: string): void {
    for (const item of items) this.finish(item, 'skipped', { reason });
  }

  defer(item: OutboxItem, dueAt: Date): void {
    this.held.delete(item.key);
    this.ledger.release({ key: item.key, set: { dueAt } }, 'deferred');
  }

  /** Returns a quota unit taken for this person (written with the chunk). */
  giveBack(request: QuotaRequest): void {
    this.ledger.giveBack(request);
  }

  retry(item: OutboxItem, error: unknown): void {
    const problem = describe(error);
    const attempts = item.attempts + 1;
    if (problem.kind === 'permanent') return this.finish(item, 'failed', { reason: problem.reason, attempts });
    if (attempts >= this.deps.settings.maxAttempts) {
      const reason = `gave up after ${attempts} attempts: ${problem.reason}`;
      return this.finish(item, 'failed', { reason, attempts });
    }
    this.held.delete(item.key);
    const delay = retryDelayMs(attempts, this.deps.settings, problem.retryAfterMs);
    const dueAt = new Date(this.batch.now.getTime() + delay);
    this.ledger.release({ key: item.key, set: { dueAt, attempts, lastError: problem.reason } }, 'retried');
    this.deps.logger.warn(
      { ...this.logContext, key: item.key, attempts, retryAt: dueAt.toISOString(), reason: problem.reason },
      'delivery will be retried',
    );
  }

  /** Something unexpected (the database went away mid-delivery): gives back what is still held, with backoff. */
  abandon(error: unknown): void {
    const held = this.batch.items.filter((item) => this.held.has(item.key));
    if (held.length === 0) return;
    this.deps.logger.error({ ...this.logContext, err: errorText(error) }, 'delivery round failed');
    for (const item of held) this.retry(item, error);
  }
}
