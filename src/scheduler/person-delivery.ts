/**
 * Delivering one person's claimed items: hold back what falls outside their window, respect the daily cap, render
 * each item through `resume`, and send what has something to say as ONE message. Transport only: what a message says
 * and whether it is still relevant is the domain's answer to `resume`.
 *
 * Outcomes per item: sent | skipped (nothing to say, no reachable identity, recipient unknown or unreachable) |
 * deferred (released with a later due time, no attempt counted) | retried (transient failure: exponential backoff,
 * a 429's Retry-After honoured) | failed (permanent failure, or retries exhausted: logged, person marked
 * unreachable for a permanent one).
 */
import { AppError } from '../core/errors.js';
import { DeliveryError, type Messenger, type MessengerTarget } from '../core/messenger.js';
import type { Reply } from '../core/reply.js';
import type { Person } from '../coaching/model.js';
import { nextAllowedMoment } from './delivery-window.js';
import { localDate, safeZone, startOfNextLocalDay } from '../core/local-time.js';
import type { OutboxItem } from './outbox.repo.js';
import type { DispatcherDeps } from './dispatcher.js';
import type { DispatcherSettings, TickResult } from './ports.js';
import { checkEarlierSends } from './send-recovery.js';

/** The dispatcher's dependencies, with its settings resolved. */
export type PersonDeliveryDeps = Omit<DispatcherDeps, 'settings'> & { readonly settings: DispatcherSettings };

export interface PersonBatch {
  readonly personId: string;
  readonly items: readonly OutboxItem[];
  /** The lease owner the items were claimed under. */
  readonly owner: string;
  readonly now: Date;
}

export interface Route {
  readonly messenger: Messenger;
  readonly target: MessengerTarget;
}

/** The identity to reach a person on: one whose channel is running, preferring one with a stored address. */
export function pickRoute(person: Person, messengers: readonly Messenger[]): Route | null {
  const byChannel = new Map(messengers.map((m) => [m.channel, m]));
  const usable = person.identities.filter((i) => byChannel.has(i.channel));
  const identity = usable.find((i) => i.address) ?? usable[0];
  const messenger = identity ? byChannel.get(identity.channel) : undefined;
  if (!identity || !messenger) return null;
  return {
    messenger,
    target: {
      channel: identity.channel,
      tenantId: identity.tenantId,
      userId: identity.userId,
      ...(identity.address ? { address: identity.address } : {}),
    },
  };
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

/** A short, secret-free description of a failure for the log and the outbox row. */
function describe(error: unknown): {
  transient: boolean;
  reason: string;
  retryAfterMs?: number;
  messageOnly?: boolean;
} {
  if (error instanceof DeliveryError) {
    const f = error.failure;
    return f.kind === 'transient'
      ? {
          transient: true,
          reason: f.reason.slice(0, 200),
          ...(f.retryAfterMs !== undefined ? { retryAfterMs: f.retryAfterMs } : {}),
        }
      : { transient: false, reason: f.reason.slice(0, 200), ...(f.scope === 'message' ? { messageOnly: true } : {}) };
  }
  if (error instanceof AppError) return { transient: true, reason: error.code };
  return { transient: true, reason: error instanceof Error ? error.name : 'unknown error' };
}

export async function deliverToPerson(deps: PersonDeliveryDeps, batch: PersonBatch, result: TickResult): Promise<void> {
  const { store, logger } = deps;
  const { owner, now } = batch;
  const held = new Set(batch.items.map((i) => i.key));
  const log = { instance: deps.instanceId, personId: batch.personId };

  const finish = async (
    item: OutboxItem,
    outcome: 'sent' | 'skipped' | 'failed',
    extra: {
      reason?: string;
      channel?: string;
      messageId?: string;
      attempts?: number;
      possibleDuplicate?: boolean;
    } = {},
  ): Promise<void> => {
    // Still held until the outcome is written: should the database fail here, the item is retried, and a send that
    // went out is found by its recorded attempt (sendingAt) instead of being sent again.
    const logged = await store.complete(item, { outcome, deliveredAt: now, instance: deps.instanceId, ...extra });
    held.delete(item.key);
    if (logged === 'duplicate') {
      result.duplicates++;
      logger.warn(
        { ...log, key: item.key, messageId: extra.messageId },
        'delivered after the lease ran out: logged as a duplicate',
      );
    }
    if (outcome === 'sent') result.sent++;
    else if (outcome === 'skipped') result.skipped++;
    else result.failed++;
    if (outcome !== 'failed' && deps.listener) {
      await deps.listener
        .delivered(item)
        .catch((error: unknown) =>
          logger.error(
            { ...log, key: item.key, err: error instanceof Error ? error.message : String(error) },
            'planning after a delivery failed',
          ),
        );
    }
  };
  const defer = async (item: OutboxItem, dueAt: Date): Promise<void> => {
    held.delete(item.key);
    if (await store.release(item.key, owner, { dueAt })) result.deferred++;
  };
  const retry = async (item: OutboxItem, error: unknown): Promise<void> => {
    const failure = describe(error);
    const attempts = item.attempts + 1;
    if (!failure.transient || attempts >= deps.settings.maxAttempts) {
      await finish(item, 'failed', {
        reason: failure.transient ? `gave up after ${attempts} attempts: ${failure.reason}` : failure.reason,
        attempts,
      });
      return;
    }
    held.delete(item.key);
    const dueAt = new Date(now.getTime() + retryDelayMs(attempts, deps.settings, failure.retryAfterMs));
    if (await store.release(item.key, owner, { dueAt, attempts, lastError: failure.reason })) result.retried++;
    logger.warn(
      { ...log, key: item.key, attempts, retryAt: dueAt.toISOString(), reason: failure.reason },
      'delivery will be retried',
    );
  };

  try {
    const person = await deps.people.get(batch.personId);
    if (!person) {
      for (const item of batch.items) await finish(item, 'skipped', { reason: 'recipient_not_found' });
      return;
    }

    // 1. The person's window: what may not go now is released with the next allowed moment as its due time.
    let ready: OutboxItem[] = [];
    for (const item of batch.items) {
      const at = nextAllowedMoment(person, now, item.urgent ?? false);
      if (at.getTime() > now.getTime()) await defer(item, at);
      else ready.push(item);
    }
    if (ready.length === 0) return;

    // 2. Somewhere to send it.
    const route = pickRoute(person, deps.messengers);
    if (person.unreachable || !route) {
      const reason = person.unreachable ? `unreachable: ${person.unreachable.reason}` : 'no_reachable_identity';
      logger.warn({ ...log, reason, items: ready.length }, 'recipient cannot be reached: items skipped');
      for (const item of ready) await finish(item, 'skipped', { reason });
      return;
    }

    // 2b. An earlier send of an item may have gone out (a crash mid-send): look before sending it again.
    const recovery = await checkEarlierSends(route, ready, {
      found: async (item, messageId) => {
        result.recovered++;
        logger.warn({ ...log, key: item.key, messageId }, 'an earlier send had gone out: recorded, not sent again');
        await finish(item, 'sent', {
          channel: route.target.channel,
          messageId,
          reason: 'found_after_interrupted_send',
        });
      },
      dropped: async (item) => {
        logger.warn({ ...log, key: item.key, kind: item.kind }, 'an earlier send may have gone out: not sent again');
        await finish(item, 'skipped', { reason: 'possibly_sent_before_interruption' });
      },
      failed: (item, error) => retry(item, error),
    });
    ready = recovery.send;
    if (ready.length === 0) return;

    // 3. The daily cap on non-urgent messages (one merged send counts once), in the person's local day.
    const zone = safeZone(person.timeZone);
    const day = localDate(now, zone);
    let sendable = ready;
    let quotaTaken = false;
    if (ready.some((i) => !i.urgent)) {
      quotaTaken = await deps.quota.take(person.id, day, deps.settings.maxMessagesPerDay);
      if (!quotaTaken) {
        const tomorrow = nextAllowedMoment(person, startOfNextLocalDay(now, zone));
        for (const item of ready.filter((i) => !i.urgent)) await defer(item, tomorrow);
        sendable = ready.filter((i) => i.urgent);
      }
    }
    const giveBack = async (): Promise<void> => {
      if (quotaTaken) await deps.quota.giveBack(person.id, day);
      quotaTaken = false;
    };

    // 4. Render each item; an empty answer means nothing to say anymore.
    const rendered: { item: OutboxItem; replies: readonly Reply[] }[] = [];
    // In planned order (a deferral overwrites dueAt, so ties fall back to when and under which key it was planned).
    const inOrder = [...sendable].sort(
      (a, b) =>
        a.dueAt.getTime() - b.dueAt.getTime() ||
        a.createdAt.getTime() - b.createdAt.getTime() ||
        a.key.localeCompare(b.key),
    );
    for (const item of inOrder) {
      try {
        const replies = await deps.resumer.resume(person.id, {
          type: 'resume',
          kind: item.kind,
          payload: item.payload,
          key: item.key,
        });
        if (replies.length > 0) rendered.push({ item, replies });
        else await finish(item, 'skipped', { reason: 'nothing_to_say' });
      } catch (error) {
        await retry(item, error);
      }
    }
    if (!rendered.some((r) => !r.item.urgent)) await giveBack();
    if (rendered.length === 0) return;

    // 5. Record the attempt before the platform call, per item, while the lease holds: a crash from here on leaves a
    // trace that the next claimer checks. An item whose lease was lost belongs to its new owner: not sent here.
    const attempt = new Date(); // real time: compared with the platform's message times on recovery
    const sending: typeof rendered = [];
    for (const r of rendered) {
      if (await store.markSending(r.item.key, owner, attempt)) sending.push(r);
      else {
        held.delete(r.item.key);
        result.lost++;
      }
    }
    if (sending.length === 0) return giveBack();

    // 6. One message for everything that has something to say.
    let sent: Awaited<ReturnType<typeof route.messenger.send>>;
    try {
      sent = await route.messenger.send(
        route.target,
        sending.flatMap((r) => r.replies),
        { keys: sending.map((r) => r.item.key) },
      );
    } catch (error) {
      await giveBack();
      const failure = describe(error);
      if (!failure.transient && !failure.messageOnly) {
        await deps.people.markUnreachable(person.id, failure.reason, now);
        logger.warn(
          { ...log, channel: route.target.channel, reason: failure.reason },
          'permanent delivery failure: person marked unreachable',
        );
      }
      for (const { item } of sending) if (held.has(item.key)) await retry(item, error);
      return;
    }
    result.messages++;
    for (const { item } of sending) {
      const possibleDuplicate = recovery.possibleDuplicates.has(item.key);
      if (possibleDuplicate) {
        result.possibleDuplicates++;
        deps.onPossibleDuplicate?.({ kind: item.kind, channel: route.target.channel });
        logger.warn(
          { ...log, key: item.key, kind: item.kind, channel: route.target.channel },
          'sent again after an attempt that may have gone out: possible duplicate',
        );
      }
      await finish(item, 'sent', {
        channel: route.target.channel,
        messageId: sent.messageId,
        ...(possibleDuplicate ? { possibleDuplicate } : {}),
      });
    }
    if (sent.address) await deps.people.setAddress(route.target, { ...sent.address });
  } catch (error) {
    // Something unexpected (the database went away mid-delivery): give back what is still held, with backoff.
    logger.error({ ...log, err: error instanceof Error ? error.message : String(error) }, 'delivery round failed');
    for (const item of batch.items) {
      if (!held.has(item.key)) continue;
      await retry(item, error).catch(() => undefined);
    }
  }
}
