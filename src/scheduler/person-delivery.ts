/**
 * Delivering one person's claimed items: hold back what falls outside their window, respect the daily cap, render
 * each item through the domain, and send what has something to say as ONE message. Transport only: what a message
 * says and whether it is still relevant is the domain's answer (`Deliverables.resume`).
 *
 * Outcomes per item: sent | skipped (nothing to say, no reachable identity, recipient unknown or unreachable) |
 * deferred (released with a later due time, no attempt counted) | retried (transient failure: exponential backoff,
 * a 429's Retry-After honoured) | failed (permanent failure, or retries exhausted: logged, person marked
 * unreachable for a permanent one).
 */
import { nextAllowedMoment } from '../core/delivery-window.js';
import { localDate, safeZone, startOfNextLocalDay } from '../core/local-time.js';
import type { Messenger, MessengerTarget, SentMessage } from '../core/messenger.js';
import type { Reply } from '../core/reply.js';
import { DeliveryRound, describe, type PersonBatch, type RoundDeps } from './delivery-round.js';
import type { DispatcherSettings, OutboxItem, Recipient, Recipients, SendQuota, TickResult } from './ports.js';
import { checkEarlierSends, type RecoveryResult } from './send-recovery.js';

export { retryDelayMs, type PersonBatch } from './delivery-round.js';

/** What delivering to one person uses (the dispatcher's dependencies, its settings resolved). */
export interface PersonDeliveryDeps extends RoundDeps {
  readonly quota: SendQuota;
  readonly recipients: Recipients;
  readonly messengers: readonly Messenger[];
  readonly settings: DispatcherSettings;
  /**
   * Told about every send that may show a message twice (sent again after an attempt that may have gone out, on a
   * channel that cannot check). The hook for a metrics counter; the delivery log and a warning have it as well.
   */
  readonly onPossibleDuplicate?: (sent: { kind: string; channel: string }) => void;
}

export interface Route {
  readonly messenger: Messenger;
  readonly target: MessengerTarget;
}

interface Rendered {
  readonly item: OutboxItem;
  readonly replies: readonly Reply[];
}

/** A unit of the daily cap taken for this round, given back when nothing non-urgent goes out after all. */
interface QuotaUnit {
  giveBack(): Promise<void>;
}

/** The identity to reach a person on: one whose channel is running, preferring one with a stored address. */
export function pickRoute(person: Recipient, messengers: readonly Messenger[]): Route | null {
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

/** 1. The person's window: what may not go now is released with the next allowed moment as its due time. */
async function holdOutsideWindow(round: DeliveryRound, person: Recipient): Promise<OutboxItem[]> {
  const { now } = round.batch;
  const ready: OutboxItem[] = [];
  for (const item of round.batch.items) {
    const at = nextAllowedMoment(person, now, item.urgent ?? false);
    if (at.getTime() > now.getTime()) await round.defer(item, at);
    else ready.push(item);
  }
  return ready;
}

/** 3. The daily cap on non-urgent messages (one merged send counts once), in the person's local day. */
async function takeQuota(
  deps: PersonDeliveryDeps,
  round: DeliveryRound,
  person: Recipient,
  ready: readonly OutboxItem[],
): Promise<{ sendable: readonly OutboxItem[]; unit: QuotaUnit }> {
  const { now } = round.batch;
  const zone = safeZone(person.timeZone);
  const day = localDate(now, zone);
  let taken = false;
  const unit: QuotaUnit = {
    giveBack: async () => {
      if (taken) await deps.quota.giveBack(person.id, day);
      taken = false;
    },
  };
  if (!ready.some((item) => !item.urgent)) return { sendable: ready, unit };
  taken = await deps.quota.take(person.id, day, deps.settings.maxMessagesPerDay);
  if (taken) return { sendable: ready, unit };
  const tomorrow = nextAllowedMoment(person, startOfNextLocalDay(now, zone));
  for (const item of ready.filter((i) => !i.urgent)) await round.defer(item, tomorrow);
  return { sendable: ready.filter((i) => i.urgent), unit };
}

/** In planned order (a deferral overwrites dueAt, so ties fall back to when and under which key it was planned). */
const plannedOrder = (a: OutboxItem, b: OutboxItem): number =>
  a.dueAt.getTime() - b.dueAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || a.key.localeCompare(b.key);

/** 4. Render each item; an empty answer means nothing to say anymore. */
async function render(
  deps: PersonDeliveryDeps,
  round: DeliveryRound,
  person: Recipient,
  sendable: readonly OutboxItem[],
): Promise<Rendered[]> {
  const rendered: Rendered[] = [];
  for (const item of [...sendable].sort(plannedOrder)) {
    try {
      const event = { type: 'resume', kind: item.kind, payload: item.payload, key: item.key } as const;
      const replies = await deps.deliverables.resume(person.id, event);
      if (replies.length > 0) rendered.push({ item, replies });
      else await round.finish(item, 'skipped', { reason: 'nothing_to_say' });
    } catch (error) {
      await round.retry(item, error);
    }
  }
  return rendered;
}

/** 2b. An earlier send of an item may have gone out (a crash mid-send): look before sending it again. */
function recoverEarlierSends(
  deps: PersonDeliveryDeps,
  round: DeliveryRound,
  route: Route,
  ready: readonly OutboxItem[],
): Promise<RecoveryResult> {
  const { logContext } = round;
  return checkEarlierSends(route, ready, {
    found: async (item, messageId) => {
      round.countRecovered();
      deps.logger.warn(
        { ...logContext, key: item.key, messageId },
        'an earlier send had gone out: recorded, not sent again',
      );
      const channel = route.target.channel;
      await round.finish(item, 'sent', { channel, messageId, reason: 'found_after_interrupted_send' });
    },
    dropped: async (item) => {
      deps.logger.warn(
        { ...logContext, key: item.key, kind: item.kind },
        'an earlier send may have gone out: not sent again',
      );
      await round.finish(item, 'skipped', { reason: 'possibly_sent_before_interruption' });
    },
    failed: (item, error) => round.retry(item, error),
  });
}

/**
 * 5. Records the attempt before the platform call, per item, while the lease holds: a crash from here on leaves a
 * trace that the next claimer checks. An item whose lease was lost belongs to its new owner: not sent here.
 */
async function markSending(
  deps: PersonDeliveryDeps,
  round: DeliveryRound,
  rendered: readonly Rendered[],
): Promise<Rendered[]> {
  const attempt = new Date(); // real time: compared with the platform's message times on recovery
  const sending: Rendered[] = [];
  for (const entry of rendered) {
    if (await deps.store.markSending(entry.item.key, round.batch.owner, attempt)) sending.push(entry);
    else round.lose(entry.item);
  }
  return sending;
}

/** After a failed send: a permanent failure for the recipient marks them unreachable; each item is retried or failed. */
async function afterFailedSend(
  deps: PersonDeliveryDeps,
  round: DeliveryRound,
  route: Route,
  sending: readonly Rendered[],
  error: unknown,
): Promise<void> {
  const problem = describe(error);
  if (problem.kind === 'permanent' && problem.scope === 'recipient') {
    await deps.recipients.markUnreachable(round.batch.personId, problem.reason, round.batch.now);
    deps.logger.warn(
      { ...round.logContext, channel: route.target.channel, reason: problem.reason },
      'permanent delivery failure: person marked unreachable',
    );
  }
  for (const { item } of sending) if (round.holds(item)) await round.retry(item, error);
}

/** 6. One message for everything that has something to say. */
async function send(
  deps: PersonDeliveryDeps,
  round: DeliveryRound,
  route: Route,
  sending: readonly Rendered[],
  possibleDuplicates: ReadonlySet<string>,
): Promise<boolean> {
  const channel = route.target.channel;
  let sent: SentMessage;
  try {
    const replies = sending.flatMap((r) => r.replies);
    sent = await route.messenger.send(route.target, replies, { keys: sending.map((r) => r.item.key) });
  } catch (error) {
    await afterFailedSend(deps, round, route, sending, error);
    return false;
  }
  round.countMessage();
  for (const { item } of sending) {
    const possibleDuplicate = possibleDuplicates.has(item.key);
    if (possibleDuplicate) {
      round.countPossibleDuplicate();
      deps.onPossibleDuplicate?.({ kind: item.kind, channel });
      deps.logger.warn(
        { ...round.logContext, key: item.key, kind: item.kind, channel },
        'sent again after an attempt that may have gone out: possible duplicate',
      );
    }
    await round.finish(item, 'sent', {
      channel,
      messageId: sent.messageId,
      ...(possibleDuplicate ? { possibleDuplicate } : {}),
    });
  }
  if (sent.address) await deps.recipients.setAddress(route.target, { ...sent.address });
  return true;
}

async function deliver(deps: PersonDeliveryDeps, round: DeliveryRound): Promise<void> {
  const person = await deps.recipients.get(round.batch.personId);
  if (!person) return round.skip(round.batch.items, 'recipient_not_found');
  const inWindow = await holdOutsideWindow(round, person);
  if (inWindow.length === 0) return;
  // 2. Somewhere to send it.
  const route = pickRoute(person, deps.messengers);
  if (person.unreachable || !route) {
    const reason = person.unreachable ? `unreachable: ${person.unreachable.reason}` : 'no_reachable_identity';
    deps.logger.warn(
      { ...round.logContext, reason, items: inWindow.length },
      'recipient cannot be reached: items skipped',
    );
    return round.skip(inWindow, reason);
  }
  const recovery = await recoverEarlierSends(deps, round, route, inWindow);
  if (recovery.send.length === 0) return;
  const { sendable, unit } = await takeQuota(deps, round, person, recovery.send);
  const rendered = await render(deps, round, person, sendable);
  if (!rendered.some((r) => !r.item.urgent)) await unit.giveBack();
  if (rendered.length === 0) return;
  const sending = await markSending(deps, round, rendered);
  if (sending.length === 0 || !(await send(deps, round, route, sending, recovery.possibleDuplicates)))
    await unit.giveBack();
}

export async function deliverToPerson(deps: PersonDeliveryDeps, batch: PersonBatch, result: TickResult): Promise<void> {
  const round = new DeliveryRound(deps, batch, result);
  try {
    await deliver(deps, round);
  } catch (error) {
    await round.abandon(error);
  }
}
