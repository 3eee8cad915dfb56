/**
 * One chunk of a wave (whole people, a few hundred items), in a handful of database round trips whatever its size:
 *
 *   claim      one command of conditional per-key updates under a fresh claim token, one read of what it won
 *   history    one read of the delivery log (items logged before a crash are only removed)
 *   people     one read of the recipients
 *   quota      one write and one read for everybody's daily cap (plus one write for units over the cap)
 *   attempts   one command per slice of sends, recording the attempts BEFORE the platform calls of that slice
 *              (it renews the slice's lease too; a heartbeat renews the whole chunk every third of the lease)
 *   outcomes   one insert of the log entries, one removal, one write of the releases, the domain's next plans
 *
 * Sends go out per person (one merged message each), a few at a time. The per-item guarantees stay as they were:
 * a claim is won by one instance, every later write is conditional on the claim's token, the attempt is recorded
 * before the platform call, and a crash between log and removal is repaired by the next claimer.
 */
import { ClaimLease } from './claim-lease.js';
import { ChunkLedger, DeliveryRound } from './delivery-round.js';
import { SlicePacing } from './pacing.js';
import {
  applyQuota,
  prepare,
  quotaRequest,
  render,
  send,
  type PersonDeliveryDeps,
  type PersonRun,
} from './person-delivery.js';
import type { OutboxItem, QuotaRequest, Recipient, TickResult } from './ports.js';

/** Runs `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** One step of a delivery, after this process's inbound turns (core/turns-first.ts). */
const afterTurns = <T>(deps: PersonDeliveryDeps, work: () => Promise<T>): Promise<T> =>
  deps.turnsFirst ? deps.turnsFirst.step(work) : work();

/** Sends per attempt record: a crash loses track of at most this many people's sends (they are checked, not lost). */
const SLICE_PEOPLE = 32;

export interface ChunkOutcome {
  readonly won: number;
  readonly lost: number;
}

function byRecipient(items: readonly OutboxItem[]): Map<string, OutboxItem[]> {
  const byPerson = new Map<string, OutboxItem[]>();
  for (const item of items) {
    const list = byPerson.get(item.recipientId) ?? [];
    list.push(item);
    byPerson.set(item.recipientId, list);
  }
  return byPerson;
}

/** Everybody's daily-cap unit in one go; those without one keep only their urgent items. */
async function takeQuota(deps: PersonDeliveryDeps, runs: readonly PersonRun[], owner: string): Promise<void> {
  const requests = new Map<PersonRun, QuotaRequest>();
  for (const run of runs) {
    const request = quotaRequest(run);
    if (request) requests.set(run, request);
  }
  const granted =
    requests.size > 0
      ? await deps.quota.takeMany([...requests.values()], deps.settings.maxMessagesPerDay, owner)
      : new Set<string>();
  for (const run of runs) {
    const request = requests.get(run) ?? null;
    applyQuota(run, request, request ? granted.has(request.personId) : false);
  }
}

/** Records the attempts of a slice of people (one write, which also renews their lease), then sends their messages. */
async function sendSlice(deps: PersonDeliveryDeps, slice: readonly PersonRun[], lease: ClaimLease): Promise<void> {
  const keys = slice.flatMap((run) => run.rendered.map((r) => r.item.key));
  if (keys.length === 0) return;
  const attempt = new Date(); // real time: compared with the platform's message times on recovery
  const until = new Date(deps.clock.now().getTime() + deps.settings.leaseMs);
  const held = await deps.store.markSending(keys, lease.owner, attempt, until);
  lease.confirmed(keys, held);
  for (const run of slice) for (const { item } of run.rendered) if (!held.has(item.key)) run.round.lose(item);
  const pacing = new SlicePacing(
    deps.sendRate,
    deps.settings.sendsPerSecond,
    slice.map((run) => run.route.target),
  );
  await mapLimit(slice, deps.settings.concurrency, async (run) => {
    try {
      // The place in the second is taken after turns first let this send go, so nothing stands between the two.
      await afterTurns(deps, async () => {
        await pacing.ready(run.route.target);
        await send(deps, run, lease);
      });
    } catch (error) {
      run.round.abandon(error);
    }
  });
}

/**
 * The chunk's recipients in one read. Should that read fail (one unreadable person document, the database away),
 * each is read on its own, so one person's problem holds back only their own items.
 */
async function recipientsOf(deps: PersonDeliveryDeps, ids: readonly string[]): Promise<Map<string, Recipient | Error>> {
  try {
    return new Map((await deps.recipients.getMany(ids)).map((p): [string, Recipient] => [p.id, p]));
  } catch {
    const one = async (id: string): Promise<[string, Recipient | Error] | null> => {
      try {
        const [person] = await deps.recipients.getMany([id]);
        return person ? [id, person] : null;
      } catch (error) {
        return [id, error instanceof Error ? error : new Error(String(error))];
      }
    };
    const found = await mapLimit(ids, deps.settings.concurrency, one);
    return new Map(found.filter((entry): entry is [string, Recipient | Error] => entry !== null));
  }
}

async function deliverPeople(
  deps: PersonDeliveryDeps,
  ledger: ChunkLedger,
  claimed: readonly OutboxItem[],
  lease: ClaimLease,
): Promise<void> {
  const byPerson = byRecipient(claimed);
  const rounds = [...byPerson.entries()].map(
    ([personId, items]) => new DeliveryRound(deps, { personId, items, owner: ledger.owner, now: ledger.now }, ledger),
  );
  const people = await recipientsOf(deps, [...byPerson.keys()]);
  const prepared = await mapLimit(rounds, deps.settings.concurrency, async (round) => {
    try {
      const person = people.get(round.batch.personId);
      if (person instanceof Error) throw person;
      return await prepare(deps, round, person);
    } catch (error) {
      round.abandon(error);
      return null;
    }
  });
  const runs = prepared.filter((run): run is PersonRun => run !== null);
  try {
    await takeQuota(deps, runs, ledger.owner);
    await mapLimit(runs, deps.settings.concurrency, (run) => afterTurns(deps, () => render(deps, run)));
    const sending = runs.filter((run) => run.rendered.length > 0);
    for (let i = 0; i < sending.length; i += SLICE_PEOPLE)
      await sendSlice(deps, sending.slice(i, i + SLICE_PEOPLE), lease);
  } catch (error) {
    // The database went away mid-chunk: what is still held goes back with backoff (attempts stay recorded).
    for (const round of rounds) round.abandon(error);
  }
}

/** Claims the chunk's items and delivers what it won. */
export async function deliverChunk(
  deps: PersonDeliveryDeps,
  keys: readonly string[],
  claim: {
    readonly owner: string;
    readonly now: Date;
    readonly leaseMs: number;
    /** Told how many claimed items are being delivered (+n), and when they settled (−n). */
    readonly track?: (items: number) => void;
  },
  result: TickResult,
): Promise<ChunkOutcome> {
  const { store } = deps;
  const claimed = await store.claimMany(keys, claim.now, claim.owner, claim.leaseMs);
  result.claimed += claimed.length;
  result.lost += keys.length - claimed.length;
  if (claimed.length === 0) return { won: 0, lost: keys.length };

  const delivered = await store.alreadyDelivered(claimed.map((i) => i.key));
  if (delivered.size > 0) await store.discard([...delivered]);
  result.alreadyDelivered += delivered.size;

  const ledger = new ChunkLedger(deps, claim.owner, claim.now, result);
  const delivering = claimed.filter((item) => !delivered.has(item.key));
  const held = delivering.map((item) => item.key);
  const lease = new ClaimLease(store, deps.clock, claim.owner, held, claim.now, deps.settings);
  lease.start();
  claim.track?.(delivering.length);
  try {
    await deliverPeople(deps, ledger, delivering, lease);
  } finally {
    try {
      await ledger.flush();
    } finally {
      lease.stop();
      claim.track?.(-delivering.length);
    }
  }
  return { won: claimed.length, lost: keys.length - claimed.length };
}
