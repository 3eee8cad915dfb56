/**
 * `npm run bench`: the scheduler at 10,000 / 100,000 / 1,000,000 agreements with their delivered history and 1%
 * due. Per size: the time to find due work (the dispatcher's own queries for one round), dispatch throughput to a
 * fake messenger with one and with two dispatcher processes, and each figure's ratio to the 10,000 one.
 *
 * Uses MONGODB_URI when set (and then prints the due query's plan); otherwise starts mongo-java-server in memory
 * with a large heap (BENCH_HEAP, default 10g). BENCH_SIZES overrides the sizes, e.g. `BENCH_SIZES=10000,100000`.
 * Prints numbers only; it asserts nothing (speed is measured here, never in tests).
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'mongoose';
import { createApp, type App } from '../src/app.js';
import { FixedClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { connectMongo } from '../src/store/connection.js';
import { defaultDispatcherSettings, type TickResult } from '../src/scheduler/ports.js';
import type { WorkerMessage, WorkerStart } from './dispatch-worker.js';
import { BENCH_NOW, dueItems, seed } from './seed.js';
import { cpuMsOf, startServer } from './server.js';

const sizes = (process.env.BENCH_SIZES ?? '10000,100000,1000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const ROUNDS = 15;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/** Median time of the dispatcher's read that finds due work: one wave (all due keys, up to 5,000). */
async function findDueMs(app: App, now: Date): Promise<{ ms: number; found: number }> {
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    found = (await app.store.outbox.findDue(now, defaultDispatcherSettings.waveSize)).length;
    times.push(performance.now() - t0);
  }
  return { ms: median(times), found };
}

interface DispatchRun {
  readonly perSecond: number;
  readonly ms: number;
  readonly sent: number;
  readonly results: TickResult[];
  /** CPU used during the run by the dispatcher processes together, and by the database server (when known). */
  readonly workersCpuMs: number;
  readonly serverCpuMs: number | undefined;
  /** Database commands the dispatchers sent, per delivered item. */
  readonly commandsPerItem: number;
  /** The largest dispatcher's resident memory at the end, and its peak (MB). */
  readonly rssMb: number;
  readonly maxRssMb: number;
  readonly load: string;
}

let serverPid: number | undefined;

async function dispatch(uri: string, dbName: string, instances: number): Promise<DispatchRun> {
  const workerPath = fileURLToPath(new URL('./dispatch-worker.ts', import.meta.url));
  const workers: ChildProcess[] = Array.from({ length: instances }, () =>
    fork(workerPath, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const next = (w: ChildProcess): Promise<WorkerMessage> =>
    new Promise((resolve, reject) => {
      w.once('message', (m) => resolve(m as WorkerMessage));
      w.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
  const ready = workers.map(next);
  workers.forEach((w, i) =>
    w.send({
      type: 'start',
      uri,
      dbName,
      instanceId: `bench-${i}`,
      now: BENCH_NOW.toISOString(),
    } satisfies WorkerStart),
  );
  await Promise.all(ready);
  const done = workers.map(next);
  const serverBefore = await cpuMsOf(serverPid);
  const started = performance.now();
  workers.forEach((w) => w.send({ type: 'go' }));
  const finished = await Promise.all(done);
  const ms = performance.now() - started;
  const serverAfter = await cpuMsOf(serverPid);
  const results = finished.flatMap((m) => (m.type === 'done' ? [m.result] : []));
  const workersCpuMs = finished.reduce((n, m) => n + (m.type === 'done' ? m.cpuMs : 0), 0);
  const sent = results.reduce((n, r) => n + r.sent, 0);
  const serverCpuMs = serverBefore !== undefined && serverAfter !== undefined ? serverAfter - serverBefore : undefined;
  const reports = finished.flatMap((m) => (m.type === 'done' ? [m] : []));
  const commands = reports.reduce((n, m) => n + m.commands, 0);
  return {
    perSecond: (sent / ms) * 1000,
    ms,
    sent,
    results,
    workersCpuMs,
    serverCpuMs,
    commandsPerItem: commands / Math.max(1, sent),
    rssMb: Math.max(...reports.map((m) => m.rssMb)),
    maxRssMb: Math.max(...reports.map((m) => m.maxRssMb)),
    load: loadAverage(),
  };
}

/** Puts the due items back and removes what the previous run delivered, planned and counted. */
async function reset(connection: Connection, n: number): Promise<void> {
  const db = connection.db;
  if (!db) throw new Error('no database');
  await db.collection('outbox').deleteMany({});
  await db.collection('deliveries').deleteMany({ instance: { $exists: true } });
  await db.collection('sendQuota').deleteMany({});
  await db.collection<Record<string, unknown>>('outbox').insertMany(dueItems(n), { ordered: false });
}

async function explainDue(connection: Connection): Promise<string> {
  try {
    const plan = (await connection.db
      ?.collection('outbox')
      .find({
        status: 'pending',
        dueAt: { $lte: BENCH_NOW },
        $or: [{ leaseUntil: null }, { leaseUntil: { $lte: BENCH_NOW } }],
      })
      .limit(200)
      .explain('queryPlanner')) as { queryPlanner?: { winningPlan?: unknown } };
    return JSON.stringify(plan.queryPlanner?.winningPlan ?? plan);
  } catch (error) {
    return `(explain not available: ${error instanceof Error ? error.message : String(error)})`;
  }
}

const fmt = (x: number, digits = 1): string => x.toFixed(digits);

/** The 1-minute load average (others share this machine's cores: read every figure next to it). */
export const loadAverage = (): string => (os.loadavg()[0] ?? 0).toFixed(2);

/** How busy the two cores were: CPU seconds per wall second for the dispatchers and the server. */
const cpuLine = (run: DispatchRun): string =>
  `${fmt(run.commandsPerItem, 2)} round trips/item; CPU ms/item: dispatchers ${fmt(run.workersCpuMs / Math.max(1, run.sent), 2)}` +
  (run.serverCpuMs !== undefined ? `, server ${fmt(run.serverCpuMs / Math.max(1, run.sent), 2)}` : '') +
  `; CPU per wall second: dispatchers ${fmt(run.workersCpuMs / run.ms, 2)}` +
  (run.serverCpuMs !== undefined ? `, server ${fmt(run.serverCpuMs / run.ms, 2)}` : '') +
  ` (of ${os.cpus().length} cores); dispatcher RSS ${fmt(run.rssMb, 0)} MB (peak ${fmt(run.maxRssMb, 0)}); load ${run.load}`;

async function main(): Promise<void> {
  const external = process.env.MONGODB_URI;
  const server = external ? null : await startServer();
  serverPid = server?.pid;
  const uri = external ?? server?.uri ?? '';
  const rows: {
    n: number;
    seedS: number;
    findMs: number;
    found: number;
    one: number;
    two: number;
    oneRun: DispatchRun;
    due: number;
    deliveries: number;
  }[] = [];
  try {
    const probe = await connectMongo(uri, { dbName: 'bench_probe' });
    const info = (await probe.db?.admin().command({ buildInfo: 1 })) as { version?: string; gitVersion?: string };
    await probe.close();
    console.log(
      `server: ${server ? `${server.name}, reports MongoDB ${info.version}` : `MongoDB ${info.version} (${info.gitVersion ?? 'unknown build'})`}`,
    );
    console.log(
      `node ${process.version}, ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}; bench clock = ${BENCH_NOW.toISOString()}`,
    );

    // A cold JVM (and a cold Node) would make the first size look slow: warm both up on a throw-away database.
    if (!external) {
      const warm = await connectMongo(uri, { dbName: 'bench_warmup', serverSelectionTimeoutMS: 30_000 });
      await warm.dropDatabase();
      await createApp({
        connection: warm,
        clock: new FixedClock(BENCH_NOW),
        logger: silentLogger,
        settings: { defaultLocale: 'en', defaultTimeZone: 'Europe/Amsterdam', workStart: '09:00', workEnd: '17:30' },
      });
      if (!warm.db) throw new Error('no database');
      await seed(warm.db, 20_000, () => undefined);
      await dispatch(uri, 'bench_warmup', 1);
      await reset(warm, 20_000);
      await dispatch(uri, 'bench_warmup', 2);
      await warm.dropDatabase();
      await warm.close();
      console.log(
        'warmed up (20,000 agreements seeded and dispatched once with one and with two instances; not counted)',
      );
    }

    for (const n of sizes) {
      const dbName = `bench_${n}`;
      const connection = await connectMongo(uri, { dbName, serverSelectionTimeoutMS: 30_000 });
      await connection.dropDatabase();
      const app = await createApp({
        connection,
        clock: new FixedClock(BENCH_NOW),
        logger: silentLogger,
        settings: { defaultLocale: 'en', defaultTimeZone: 'Europe/Amsterdam', workStart: '09:00', workEnd: '17:30' },
      });
      const seedStart = performance.now();
      const db = connection.db;
      if (!db) throw new Error('no database');
      const counts = await seed(db, n, (what) =>
        console.log(`  [${n}] seeded ${what} (${fmt((performance.now() - seedStart) / 1000)} s)`),
      );
      const seedS = (performance.now() - seedStart) / 1000;
      if (external) console.log(`  [${n}] due query plan: ${await explainDue(connection)}`);

      const found = await findDueMs(app, BENCH_NOW);
      const one = await dispatch(uri, dbName, 1);
      console.log(
        `  [${n}] 1 instance: ${one.sent} sent in ${fmt(one.ms / 1000, 2)} s = ${fmt(one.perSecond)}/s; ${cpuLine(one)}`,
      );
      await reset(connection, n);
      const two = await dispatch(uri, dbName, 2);
      console.log(
        `  [${n}] 2 instances: ${two.sent} sent in ${fmt(two.ms / 1000, 2)} s = ${fmt(two.perSecond)}/s (claims lost to the other instance: ${two.results.reduce((s, r) => s + r.lost, 0)}); ${cpuLine(two)}`,
      );
      const pendingDue = await app.store.outbox.findDue(BENCH_NOW, 10);
      if (one.sent !== counts.due || two.sent !== counts.due || pendingDue.length > 0)
        console.log(
          `  [${n}] WARNING: expected ${counts.due} per run, got ${one.sent} and ${two.sent}; ${pendingDue.length} still due`,
        );
      rows.push({
        n,
        seedS,
        findMs: found.ms,
        found: found.found,
        one: one.perSecond,
        two: two.perSecond,
        oneRun: one,
        due: counts.due,
        deliveries: counts.deliveries,
      });
      await connection.dropDatabase();
      await connection.close();
    }
  } finally {
    await server?.stop();
  }

  const base = rows[0];
  console.log(
    '\n| agreements | history (deliveries) | due | seed | find due work (one query) | per due item found | 1 instance | round trips/msg | CPU ms/msg (dispatcher, server) | dispatcher RSS | 2 instances | 2 vs 1 | load |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = (x: number, b: number | undefined): string => (b ? ` (${fmt(x / b, 2)}×)` : '');
    const perItem = (r.findMs * 1000) / Math.max(1, r.found);
    const basePerItem = base ? (base.findMs * 1000) / Math.max(1, base.found) : undefined;
    console.log(
      `| ${r.n.toLocaleString('en')} | ${r.deliveries.toLocaleString('en')} | ${r.due.toLocaleString('en')} | ${fmt(r.seedS)} s | ${fmt(r.findMs, 2)} ms for ${r.found.toLocaleString('en')}${ratio(r.findMs, base?.findMs)} | ${fmt(perItem, 1)} µs${ratio(perItem, basePerItem)} | ${fmt(r.one)}/s${ratio(r.one, base?.one)} | ${fmt(r.oneRun.commandsPerItem, 2)} | ${fmt(r.oneRun.workersCpuMs / Math.max(1, r.oneRun.sent), 2)}, ${r.oneRun.serverCpuMs === undefined ? '?' : fmt(r.oneRun.serverCpuMs / Math.max(1, r.oneRun.sent), 2)} | ${fmt(r.oneRun.rssMb, 0)} MB | ${fmt(r.two)}/s${ratio(r.two, base?.two)} | ${fmt(r.two / r.one, 2)}× | ${r.oneRun.load} |`,
    );
  }
  console.log(
    "\nRatios in brackets are to the first size. Throughput counts delivered items; each delivery also logs it and plans the agreement's next nudge.",
  );
}

const which = process.argv[2];
const run =
  which === 'turns'
    ? import('./turns.js').then((m) => m.main())
    : which === 'burst'
      ? import('./burst.js').then((m) => m.main())
      : which === 'turns-ab'
        ? import('./turns-ab.js').then((m) => m.main())
        : main();
run.catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
