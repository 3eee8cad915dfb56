/**
 * Delivering one person's claimed items, in the phases a chunk runs for all its people together (chunk-delivery.ts):
 * hold back what falls outside their window, look for earlier sends, (the chunk takes the daily cap for everyone at
 * once), render each item through the domain, (the chunk records the send attempts at once), and send what has
 * something to say as ONE message. Transport only: what a message says and whether it is still relevant is the
 * domain's answer (`Deliverables.resume`). Nothing here writes per item: outcomes go to the chunk's ledger.
 *
 * Outcomes per item: sent | skipped (nothing to say, no reachable identity, recipient unknown or unreachable) |
 * deferred (released with a later due time, no attempt counted) | retried (transient failure: exponential backoff,
 * a 429's Retry-After honoured) | failed (permanent failure, or retries exhausted: logged, person marked
 * unreachable for a permanent one).
 */
import type { Clock } from '../core/clock.js';
import { nextAllowedMoment } from '../core/delivery-window.js';
import { localDate, safeZone, startOfNextLocalDay } from '../core/local-time.js';
import { DeliveryError, type Messenger, type MessengerTarget, type SentMessage } from '../core/messenger.js';
import type { Reply } from '../core/reply.js';
import type { ClaimLease } from './claim-lease.js';
import type { TurnsFirst } from '../core/turns-first.js';
import { describe, type DeliveryRound, type RoundDeps } from './delivery-round.js';
import type { DispatcherSettings, OutboxItem, QuotaRequest, Recipient, Recipients, SendRate } from './ports.js';
import { checkEarlierSends, type RecoveryResult } from './send-recovery.js';

export { retryDelayMs, type PersonBatch } from './delivery-round.js';

/** What delivering to one person uses (the dispatcher's dependencies, its settings resolved). */
export interface PersonDeliveryDeps extends RoundDeps {
  /** The scheduler's clock: claims and their leases are written in it. */
  readonly clock: Clock;
  readonly recipients: Recipients;
  readonly messengers: readonly Messenger[];
  readonly settings: DispatcherSettings;
  /**
   * Told about every send that may show a message twice (sent again after an attempt that may have gone out, on a
   * channel that cannot check). The hook for a metrics counter; the delivery log and a warning have it as well.
   */
  readonly onPossibleDuplicate?: (sent: { kind: string; channel: string }) => void;
  /** Renders and sends go after this process's inbound turns (core/turns-first.ts); without it, as they come. */
  readonly turnsFirst?: Pick<TurnsFirst, 'step' | 'quiet'>;
  /** The platforms' rates across instances (`settings.sendsPerSecond`); without it, sends are not paced. */
  readonly sendRate?: SendRate;
}

export interface Route {
  readonly messenger: Messenger;
  readonly target: MessengerTarget;
}

export interface Rendered {
  readonly item: OutboxItem;
  readonly replies: readonly Reply[];
}

/** One person's round as it moves through the phases. */
export interface PersonRun {
  readonly round: DeliveryRound;
  readonly person: Recipient;
  readonly route: Route;
  /** Items to send (after the window, recovery and the cap). */
  ready: readonly OutboxItem[];
  readonly possibleDuplicates: ReadonlySet<string>;
  /** The daily-cap unit this round took, if any (given back when nothing non-urgent goes out). */
  quota?: QuotaRequest;
  rendered: readonly Rendered[];
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
function holdOutsideWindow(round: DeliveryRound, person: Recipient): OutboxItem[] {
  const { now } = round.batch;
  const ready: OutboxItem[] = [];
  for (const item of round.batch.items) {
    const at = nextAllowedMoment(person, now, item.urgent ?? false);
    if (at.getTime() > now.getTime()) round.defer(item, at);
    else ready.push(item);
  }
  return ready;
}

/** 2b. An earlier send of an item may have gone out (a crash mid-send): look before sending it again. */
function recoverEarlierSends(
  deps: PersonDeliveryDeps,
  round: DeliveryRound,
  route: Route,
  ready: readonly OutboxItem[],
): Promise<RecoveryResult> {
  const { logContext } = round;
  return checkEarlierSends(
    route,
    ready,
    {
      found: async (item, messageId) => {
        round.countRecovered();
        deps.logger.warn(
          { ...logContext, key: item.key, messageId },
          'an earlier send had gone out: recorded, not sent again',
        );
        const channel = route.target.channel;
        round.finish(item, 'sent', { channel, messageId, reason: 'found_after_interrupted_send' });
      },
      dropped: async (item) => {
        deps.logger.warn(
          { ...logContext, key: item.key, kind: item.kind },
          'an earlier send may have gone out: not sent again',
        );
        round.finish(item, 'skipped', { reason: 'possibly_sent_before_interruption' });
      },
      failed: async (item, error) => round.retry(item, error),
    },
    (kind) => deps.deliverables.guaranteeOf(kind),
  );
}

/** Phase 1: window, route and earlier sends. Null when nothing of this person's goes out now. */
export async function prepare(
  deps: PersonDeliveryDeps,
  round: DeliveryRound,
  person: Recipient | undefined,
): Promise<PersonRun | null> {
  if (!person) {
    round.skip(round.batch.items, 'recipient_not_found');
    return null;
  }
  const inWindow = holdOutsideWindow(round, person);
  if (inWindow.length === 0) return null;
  // 2. Somewhere to send it.
  const route = pickRoute(person, deps.messengers);
  if (person.unreachable || !route) {
    const reason = person.unreachable ? `unreachable: ${person.unreachable.reason}` : 'no_reachable_identity';
    deps.logger.warn(
      { ...round.logContext, reason, items: inWindow.length },
      'recipient cannot be reached: items skipped',
    );
    round.skip(inWindow, reason);
    return null;
  }
  const recovery = await recoverEarlierSends(deps, round, route, inWindow);
  if (recovery.send.length === 0) return null;
  return { round, person, route, ready: recovery.send, possibleDuplicates: recovery.possibleDuplicates, rendered: [] };
}

/** The daily cap's unit this person needs (non-urgent items only; one merged send counts once), in their local day. */
export function quotaRequest(run: PersonRun): QuotaRequest | null {
  if (!run.ready.some((item) => !item.urgent)) return null;
  return { personId: run.person.id, localDay: localDate(run.round.batch.now, safeZone(run.person.timeZone)) };
}

/** Phase 2 (after the chunk asked for everyone's unit): without one, non-urgent items wait for the next local day. */
export function applyQuota(run: PersonRun, request: QuotaRequest | null, granted: boolean): void {
  if (!request) return;
  if (granted) {
    run.quota = request;
    return;
  }
  const { now } = run.round.batch;
  const tomorrow = nextAllowedMoment(run.person, startOfNextLocalDay(now, safeZone(run.person.timeZone)));
  for (const item of run.ready.filter((i) => !i.urgent)) run.round.defer(item, tomorrow);
  run.ready = run.ready.filter((i) => i.urgent);
}

function giveBackQuota(run: PersonRun): void {
  if (run.quota) run.round.giveBack(run.quota);
  delete run.quota;
}

/** In planned order (a deferral overwrites dueAt, so ties fall back to when and under which key it was planned). */
const plannedOrder = (a: OutboxItem, b: OutboxItem): number =>
  a.dueAt.getTime() - b.dueAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || a.key.localeCompare(b.key);

/** Phase 3: render each item; an empty answer means nothing to say anymore. */
export async function render(deps: PersonDeliveryDeps, run: PersonRun): Promise<void> {
  const { round, person } = run;
  const rendered: Rendered[] = [];
  for (const item of [...run.ready].sort(plannedOrder)) {
    try {
      const event = { type: 'resume', kind: item.kind, payload: item.payload, key: item.key } as const;
      const replies = await deps.deliverables.resume(person.id, event);
      if (replies.length > 0) rendered.push({ item, replies });
      else round.finish(item, 'skipped', { reason: 'nothing_to_say' });
    } catch (error) {
      round.retry(item, error);
    }
  }
  run.rendered = rendered;
  if (!rendered.some((r) => !r.item.urgent)) giveBackQuota(run);
}

/** After a failed send: a permanent failure for the recipient marks them unreachable; each item is retried or failed. */
async function afterFailedSend(deps: PersonDeliveryDeps, run: PersonRun, error: unknown): Promise<void> {
  const { round, route } = run;
  const problem = describe(error);
  if (problem.kind === 'permanent' && problem.scope === 'recipient') {
    await deps.recipients.markUnreachable(round.batch.personId, problem.reason, round.batch.now);
    deps.logger.warn(
      { ...round.logContext, channel: route.target.channel, reason: problem.reason },
      'permanent delivery failure: person marked unreachable',
    );
  }
  for (const { item } of run.rendered) if (round.holds(item)) round.retry(item, error);
}

function noteSent(deps: PersonDeliveryDeps, run: PersonRun, sending: readonly Rendered[], sent: SentMessage): void {
  const { round } = run;
  const channel = run.route.target.channel;
  round.countMessage();
  for (const { item } of sending) {
    const possibleDuplicate = run.possibleDuplicates.has(item.key);
    if (possibleDuplicate) {
      round.countPossibleDuplicate();
      deps.onPossibleDuplicate?.({ kind: item.kind, channel });
      deps.logger.warn(
        { ...round.logContext, key: item.key, kind: item.kind, channel },
        'sent again after an attempt that may have gone out: possible duplicate',
      );
    }
    round.finish(item, 'sent', {
      channel,
      messageId: sent.messageId,
      ...(possibleDuplicate ? { possibleDuplicate } : {}),
    });
  }
}

/**
 * The claim could not be confirmed for long enough right before the platform call: nothing is posted. An item another
 * instance took over is theirs; one that is still ours but expiring goes back for a retry (its attempt stays
 * recorded, so whoever sends it next looks on the platform first).
 */
function notSent(deps: PersonDeliveryDeps, run: PersonRun, sending: readonly Rendered[], why: 'lost' | 'expiring') {
  const { round } = run;
  giveBackQuota(run);
  deps.logger.warn(
    { ...round.logContext, items: sending.length, why },
    'claim not confirmed right before sending: not sent',
  );
  const error = new DeliveryError({ kind: 'transient', reason: `claim_${why}` });
  for (const { item } of sending) {
    if (why === 'lost') round.lose(item);
    else round.retry(item, error);
  }
}

/**
 * Phase 5 (after the chunk recorded the attempts before any platform call): one message for everything of this
 * person that has something to say and is still held.
 */
export async function send(deps: PersonDeliveryDeps, run: PersonRun, lease: ClaimLease): Promise<void> {
  const { round, route } = run;
  const sending = run.rendered.filter((r) => round.holds(r.item));
  if (sending.length === 0) return giveBackQuota(run);
  let sent: SentMessage;
  try {
    const keys = sending.map((r) => r.item.key);
    // Right before the platform call: is the claim still ours, for longer than the call may take?
    const budget = await lease.sendBudget(keys);
    if ('refused' in budget) return notSent(deps, run, sending, budget.refused);
    const replies = sending.flatMap((r) => r.replies);
    sent = await route.messenger.send(route.target, replies, { keys, notAfter: budget.notAfter });
  } catch (error) {
    giveBackQuota(run);
    await afterFailedSend(deps, run, error);
    return;
  }
  noteSent(deps, run, sending, sent);
  if (sent.address) await deps.recipients.setAddress(route.target, { ...sent.address });
}
