/**
 * Benchmark data: N agreements with their delivered history, and 1% of them due in the outbox.
 *
 * Shape per size N: N/10 people (half in Amsterdam, half in New York), N/20 trajectories (employee + coach),
 * N agreements (20 per trajectory), 2 delivered nudges per agreement in `deliveries` (the history), and for every
 * 100th agreement an open one whose first follow-up is due now. Each due item goes to a different employee, so the
 * run measures dispatching, not the daily cap. Documents are valid for the app's zod schemas: the dispatcher and
 * the planner read them as in production.
 */
import type { mongo } from 'mongoose';

type Db = mongo.Db;

export const BENCH_NOW = new Date('2026-12-02T15:00:00Z'); // Wednesday: 16:00 in Amsterdam, 10:00 in New York
const DUE = '2026-12-01';
const OLD_DUE = '2026-11-02';
const AGREEMENTS_PER_TRAJECTORY = 20;
const BATCH = 10_000;

export interface SeedCounts {
  readonly people: number;
  readonly trajectories: number;
  readonly agreements: number;
  readonly deliveries: number;
  readonly due: number;
}

export const isDue = (i: number): boolean => i % 100 === 0;

async function insertInBatches(
  db: Db,
  collection: string,
  total: number,
  make: (i: number) => Record<string, unknown> | Record<string, unknown>[],
): Promise<number> {
  const coll = db.collection<Record<string, unknown>>(collection);
  let batch: Record<string, unknown>[] = [];
  let inserted = 0;
  for (let i = 0; i < total; i++) {
    const made = make(i);
    if (Array.isArray(made)) batch.push(...made);
    else batch.push(made);
    if (batch.length >= BATCH) {
      await coll.insertMany(batch, { ordered: false });
      inserted += batch.length;
      batch = [];
    }
  }
  if (batch.length > 0) {
    await coll.insertMany(batch, { ordered: false });
    inserted += batch.length;
  }
  return inserted;
}

const trajectoryOf = (i: number): number => Math.floor(i / AGREEMENTS_PER_TRAJECTORY);

/** The due outbox items (also used to reset between runs). */
export function dueItems(n: number): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i += 100) {
    const t = trajectoryOf(i);
    items.push({
      _id: `agreement/a${i}/${DUE}/followup1`,
      kind: 'agreement.followup',
      recipientId: `p${2 * t}`,
      dueAt: new Date(BENCH_NOW.getTime() - 6 * 3600_000),
      payload: { agreementId: `a${i}`, due: DUE, followup: 1 },
      urgent: false,
      status: 'pending',
      attempts: 0,
      createdAt: new Date(BENCH_NOW.getTime() - 24 * 3600_000),
    });
  }
  return items;
}

export async function seed(db: Db, n: number, progress: (what: string) => void): Promise<SeedCounts> {
  const created = new Date('2026-01-05T09:00:00Z');
  const trajectories = Math.ceil(n / AGREEMENTS_PER_TRAJECTORY);
  const people = 2 * trajectories;
  await insertInBatches(db, 'people', people, (i) => ({
    _id: `p${i}`,
    displayName: `Person ${i}`,
    locale: 'en',
    timeZone: i % 4 < 2 ? 'Europe/Amsterdam' : 'America/New_York',
    workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
    identities: [{ channel: 'web', tenantId: 'bench', userId: `u${i}` }],
    identityKeys: [`web:bench:u${i}`],
    createdAt: created,
  }));
  progress(`${people} people`);
  await insertInBatches(db, 'trajectories', trajectories, (t) => ({
    _id: `t${t}`,
    employeeId: `p${2 * t}`,
    coachId: `p${2 * t + 1}`,
    proposedBy: 'employee',
    goal: 'Benchmark goal',
    cadenceDays: 14,
    durationMinutes: 60,
    status: 'active',
    createdAt: created,
    revision: 0,
  }));
  progress(`${trajectories} trajectories`);
  await insertInBatches(db, 'agreements', n, (i) => ({
    _id: `a${i}`,
    trajectoryId: `t${trajectoryOf(i)}`,
    owner: i % 2 === 0 ? 'employee' : 'coach',
    what: `Benchmark agreement ${i}`,
    due: isDue(i) ? DUE : OLD_DUE,
    status: isDue(i) ? 'open' : 'done',
    proposedBy: 'employee',
    history: [],
    createdAt: created,
    revision: 0,
  }));
  progress(`${n} agreements`);
  const deliveries = await insertInBatches(db, 'deliveries', n, (i) => {
    const t = trajectoryOf(i);
    const owner = i % 2 === 0 ? `p${2 * t}` : `p${2 * t + 1}`;
    const due = isDue(i) ? DUE : OLD_DUE;
    const at = new Date(`${due}T08:00:00Z`);
    // The fields the dispatcher writes, minus the payload: the in-memory test server needs ~1 KB of heap per
    // document, and 2 million of them must fit next to the rest.
    const entry = (step: string, recipientId: string, deliveredAt: Date): Record<string, unknown> => ({
      _id: `agreement/a${i}/${due}/${step}`,
      kind: `agreement.${step}`,
      recipientId,
      dueAt: deliveredAt,
      deliveredAt,
      outcome: 'sent',
      messageId: `hist-${i}-${step}`,
    });
    const history = [entry('upcoming', owner, new Date(at.getTime() - 2 * 86_400_000)), entry('due', owner, at)];
    // The overdue notice for the open ones went out already, so a run delivers exactly the due follow-ups.
    if (isDue(i)) history.push(entry('overdue', `p${2 * t + 1}`, new Date(BENCH_NOW.getTime() - 3600_000)));
    return history;
  });
  progress(`${deliveries} delivered messages in the log`);
  const due = dueItems(n);
  await db.collection<Record<string, unknown>>('outbox').insertMany(due, { ordered: false });
  progress(`${due.length} due in the outbox`);
  return { people, trajectories, agreements: n, deliveries, due: due.length };
}
