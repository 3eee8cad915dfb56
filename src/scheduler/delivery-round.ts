/**
 * The bookkeeping of one person's delivery round: which claimed items this round still holds, and the three ways an
 * item leaves it. `finish` logs an outcome and removes the item (sent, skipped, failed); `defer` releases it for a
 * later due time without counting an attempt; `retry` releases it with backoff after a failure, or fails it for good.
 */
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DeliveryError } from '../core/messenger.js';
import type { Deliverables, DispatcherSettings, DispatchStore, OutboxItem, TickResult } from './ports.js';

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

export class DeliveryRound {
  private readonly held: Set<string>;
  /** Log context: ids only, never what a message says. */
  readonly logContext: { readonly instance: string; readonly personId: string };

  constructor(
    private readonly deps: RoundDeps,
    readonly batch: PersonBatch,
    private readonly result: TickResult,
  ) {
    this.held = new Set(batch.items.map((item) => item.key));
    this.logContext = { instance: deps.instanceId, personId: batch.personId };
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

  async finish(item: OutboxItem, outcome: 'sent' | 'skipped' | 'failed', details: FinishDetails = {}): Promise<void> {
    const { store, logger, instanceId } = this.deps;
    // Still held until the outcome is written: should the database fail here, the item is retried, and a send that
    // went out is found by its recorded attempt (sendingAt) instead of being sent again.
    const entry = { outcome, deliveredAt: this.batch.now, instance: instanceId, ...details };
    const logged = await store.complete(item, entry);
    this.held.delete(item.key);
    if (logged === 'duplicate') {
      this.result.duplicates++;
      logger.warn(
        { ...this.logContext, key: item.key, messageId: details.messageId },
        'delivered after the lease ran out: logged as a duplicate',
      );
    }
    this.result[outcome]++;
    if (outcome !== 'failed') await this.tellDelivered(item);
  }

  private async tellDelivered(item: OutboxItem): Promise<void> {
    try {
      await this.deps.deliverables.delivered(item);
    } catch (error) {
      this.deps.logger.error(
        { ...this.logContext, key: item.key, err: errorText(error) },
        'planning after a delivery failed',
      );
    }
  }

  async skip(items: readonly OutboxItem[], reason: string): Promise<void> {
    for (const item of items) await this.finish(item, 'skipped', { reason });
  }

  async defer(item: OutboxItem, dueAt: Date): Promise<void> {
    this.held.delete(item.key);
    if (await this.deps.store.release(item.key, this.batch.owner, { dueAt })) this.result.deferred++;
  }

  async retry(item: OutboxItem, error: unknown): Promise<void> {
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
    const released = await this.deps.store.release(item.key, this.batch.owner, {
      dueAt,
      attempts,
      lastError: problem.reason,
    });
    if (released) this.result.retried++;
    this.deps.logger.warn(
      { ...this.logContext, key: item.key, attempts, retryAt: dueAt.toISOString(), reason: problem.reason },
      'delivery will be retried',
    );
  }

  /** Something unexpected (the database went away mid-delivery): gives back what is still held, with backoff. */
  async abandon(error: unknown): Promise<void> {
    this.deps.logger.error({ ...this.logContext, err: errorText(error) }, 'delivery round failed');
    for (const item of this.batch.items) {
      if (!this.held.has(item.key)) continue;
      await this.retry(item, error).catch(() => undefined);
    }
  }
}
