/**
 * `npm run soak` — a long run at a steady rate of turns plus the scheduled messages they cause, against one real bot
 * process (src/main.ts) on mongo-java-server with the stand-in Slack API:
 *   npm run soak -- --minutes 60 --rate 50 [--pairs 60] [--window 5]
 * The rate is offered open-loop (tests/chaos/pacer.ts): `--rate` turn slots per second whatever the bot's latency.
 * Virtual pairs go through set-up, acceptance, the whole preparation and the digest (so invitations, answers and
 * digests are scheduled and delivered), then new pairs start; a slot no journey turn wants goes to a filler person
 * who writes `help` (a turn that does not wait for the last answer). The bot carries a probe (tests/chaos/probe.ts)
 * recording memory and event-loop delay every 10 s. Printed per window: turns offered and answered per second, answer
 * latency, unanswered turns, scheduled messages per second, RSS, heap, event-loop delay, load average, error log
 * lines; at the end a summary and the distinct error messages. The raw samples stay in the run directory.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mongoose from 'mongoose';
import { Balancer } from './balancer.js';
import { BotInstance, errorLines, MongoProcess } from './cluster.js';
import { nextWorkingDay, pairJourney } from './journey.js';
import { dbTimes, dbTimesSince, type DbTimes } from './db-times.js';
import { OpenPacer } from './pacer.js';
import { Derailed, outboxKeysOf, TurnLedger, VirtualPerson } from './people.js';
import { SlackStandIn } from './slack-standin.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const minutes = flag('minutes', 60);
const rate = flag('rate', 50);
const pairsInFlight = flag('pairs', 60);
const windowMin = flag('window', 5);
const maxFillers = flag('fillers', 10_000);
const out = (line: string): void => void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

interface Sample {
  t: number;
  rssMb: number;
  heapUsedMb: number;
  elP50Ms: number;
  elP99Ms: number;
  elMaxMs: number;
}

const dir = mkdtempSync(join(tmpdir(), 'coach-soak-'));
const probeFile = join(dir, 'probe.jsonl');
const standIn = new SlackStandIn();
await standIn.start();
const mongo = new MongoProcess(dir);
await mongo.start();
const bot = new BotInstance('soak1', {
  dir,
  mongoUri: mongo.uri('soak'),
  standIn,
  env: { MAX_MESSAGES_PER_DAY: '20', CHAOS_PROBE_FILE: probeFile, CHAOS_PROBE_MS: '10000', LOG_LEVEL: 'warn' },
  nodeArgs: ['--import', fileURLToPath(new URL('./probe.ts', import.meta.url))],
});
// A loaded machine can keep the database from answering within the bot's start-up wait: try again, twice.
for (let attempt = 1; ; attempt++) {
  try {
    await bot.start();
    break;
  } catch (error) {
    if (attempt >= 3) throw error;
    out(`bot start ${attempt} failed (${String(error)}); again`);
  }
}
out(`soak: 1 instance, ${rate} turns/s offered for ${minutes} min, ${pairsInFlight} pairs in flight; run dir ${dir}`);

const balancer = new Balancer([bot]);
const ledger = new TurnLedger(standIn);
const started = Date.now();
const end = started + minutes * 60_000;

/** Filler people: each writes `help` in a slot no journey turn wanted; one turn in flight per person. */
const free: VirtualPerson[] = [];
const fillerStats = { created: 0, shortOfPeople: 0, harnessErrors: 0 };
const fillerTurn = (): void => {
  if (Date.now() >= end) return;
  let person = free.pop();
  if (!person) {
    if (fillerStats.created >= maxFillers) {
      fillerStats.shortOfPeople++;
      return;
    }
    const id = `UF${String(++fillerStats.created).padStart(6, '0')}`;
    person = new VirtualPerson(id, balancer, standIn, ledger, 60_000, false);
  }
  const who = person;
  void who
    .say('help')
    .catch((error: unknown) => {
      if (!(error instanceof Derailed)) fillerStats.harnessErrors++;
    })
    .finally(() => free.push(who));
};
const pacer = new OpenPacer(rate, fillerTurn);
balancer.pace = () => pacer.slot();
pacer.start();

const firstDay = nextWorkingDay(standIn.zone);
let counter = 0;
const ends: Record<string, number> = {};
const worker = async (): Promise<void> => {
  while (Date.now() < end) {
    const n = counter++;
    const employee = new VirtualPerson(`U${String(2 * n + 1).padStart(6, '0')}`, balancer, standIn, ledger, 60_000);
    const coach = new VirtualPerson(`U${String(2 * n + 2).padStart(6, '0')}`, balancer, standIn, ledger, 60_000);
    const result = await pairJourney(employee, coach, firstDay, 120_000);
    ends[result] = (ends[result] ?? 0) + 1;
  }
};

const readSamples = (): Sample[] => {
  try {
    return readFileSync(probeFile, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Sample);
  } catch {
    return [];
  }
};
const loads: { t: number; load: number }[] = [];
const errorCount = (): number => errorLines(bot.proc?.logFile ?? '').length;
let errorsSoFar = 0;

const rows: string[] = [];
const report = (from: number, to: number): void => {
  const seconds = (to - from) / 1000;
  const all = [...ledger.turns.values()];
  const sent = all.filter((t) => t.sentAt >= from && t.sentAt < to);
  const answeredHere = all.filter((t) => t.answeredAt !== undefined && t.answeredAt >= from && t.answeredAt < to);
  const latencies = sent
    .filter((t) => t.answeredAt !== undefined)
    .map((t) => (t.answeredAt ?? 0) - t.sentAt)
    .sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  const scheduled = standIn.posts.filter((p) => p.at >= from && p.at < to && outboxKeysOf(p).length > 0).length;
  const samples = readSamples().filter((s) => s.t >= from && s.t < to);
  const max = (f: (s: Sample) => number): number => Math.max(0, ...samples.map(f));
  const windowLoads = loads.filter((l) => l.t >= from && l.t < to).map((l) => l.load);
  if (windowLoads.length === 0) windowLoads.push(loadavg()[0] ?? 0);
  const errors = errorCount();
  const row =
    `| ${Math.round((from - started) / 60_000)}–${Math.round((to - started) / 60_000)} min ` +
    `| ${(sent.length / seconds).toFixed(1)} | ${(answeredHere.length / seconds).toFixed(1)} ` +
    `| ${pct(0.5)} / ${pct(0.99)} ms | ${sent.length - latencies.length} | ${(scheduled / seconds).toFixed(2)} ` +
    `| ${samples.at(-1)?.rssMb ?? '?'} (max ${max((s) => s.rssMb)}) MB | ${samples.at(-1)?.heapUsedMb ?? '?'} MB ` +
    `| ${max((s) => s.elP99Ms)} / ${max((s) => s.elMaxMs)} ms ` +
    `| ${Math.min(...windowLoads).toFixed(1)}–${Math.max(...windowLoads).toFixed(1)} | ${errors - errorsSoFar} |`;
  errorsSoFar = errors;
  rows.push(row);
  out(row);
};

/**
 * Where the database time goes, per window: the bot's wait by command and collection (its /metrics counters,
 * `coach_db_command_*`), the top six by time with milliseconds per call, and the size of every collection.
 */
const botUrl = `http://127.0.0.1:${bot.port}`;
const sizes = await mongoose.createConnection(mongo.uri('soak')).asPromise();
let timesBefore: DbTimes = new Map();
const dbRows: string[] = [];
const reportDb = async (label: string): Promise<void> => {
  try {
    const now = await dbTimes(botUrl);
    const top = dbTimesSince(timesBefore, now);
    timesBefore = now;
    const db = sizes.db;
    if (!db) throw new Error('no database handle');
    const counts: string[] = [];
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      counts.push(`${name} ${await db.collection(name).estimatedDocumentCount()}`);
    }
    const row =
      `db ${label}: ` +
      top.map((d) => `${d.key} ${d.calls}× ${((d.seconds * 1000) / d.calls).toFixed(1)} ms`).join('; ') +
      ` | sizes: ${counts.sort().join(', ')}`;
    dbRows.push(row);
    out(row);
  } catch (error) {
    out(`db ${label}: not read (${String(error)})`);
  }
};

const header =
  '| window | turns offered/s | answered/s | answer p50 / p99 | unanswered | scheduled msgs/s | RSS end (max) | heap end | event-loop p99 / max | load avg | error lines |';
out(header);
out('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const windowMs = windowMin * 60_000;
let windowStart = started;
const ticker = setInterval(() => {
  loads.push({ t: Date.now(), load: loadavg()[0] ?? 0 });
  if (Date.now() - windowStart >= windowMs && windowStart + windowMs <= end) {
    report(windowStart, windowStart + windowMs);
    void reportDb(
      `${Math.round((windowStart - started) / 60_000)}–${Math.round((windowStart + windowMs - started) / 60_000)} min`,
    );
    windowStart += windowMs;
  }
}, 5_000);
// At the end, journeys still under way stop at their next turn (counted as 'derailed: the soak ended'); those
// waiting for a scheduled message are not waited for. The last turns get 10 s to be answered before the last count.
const stopAtEnd = setTimeout(() => pacer.stop(new Derailed('the soak ended')), end - Date.now());
const workers = Promise.all(Array.from({ length: pairsInFlight }, () => worker()));
await Promise.race([workers, new Promise((resolve) => setTimeout(resolve, end - Date.now() + 10_000))]);
clearTimeout(stopAtEnd);
pacer.stop(new Derailed('the soak ended'));
clearInterval(ticker);
if (windowStart < end) report(windowStart, end);
await reportDb('end');
await sizes.close();
summarise();
await bot.terminate();
await mongo.stop();
await standIn.stop();
process.exit(0);

function summarise(): void {
  const seconds = (Math.min(Date.now(), end) - started) / 1000;
  const samples = readSamples();
  const warm = samples.filter((s) => s.t >= started + Math.min(10, minutes / 3) * 60_000);
  const range = (f: (s: Sample) => number): string =>
    warm.length ? `${Math.min(...warm.map(f))}–${Math.max(...warm.map(f))}` : 'n/a';
  const turns = [...ledger.turns.values()].filter((t) => t.sentAt < end);
  const answered = turns.filter((t) => t.answeredAt !== undefined).length;
  const scheduled = standIn.posts.filter((p) => outboxKeysOf(p).length > 0).length;
  const errors = errorLines(bot.proc?.logFile ?? '');
  const summary = {
    minutes,
    rateOffered: rate,
    turnsSent: turns.length,
    turnsPerSecondSent: Number((turns.length / seconds).toFixed(1)),
    turnsAnswered: answered,
    turnsPerSecondAnswered: Number((answered / seconds).toFixed(1)),
    unanswered: turns.length - answered,
    notAcknowledged: turns.filter((t) => !t.acked).length,
    slots: pacer.given,
    fillers: fillerStats,
    scheduledMessages: scheduled,
    journeys: ends,
    journeysUnderWayAtEnd: counter - Object.values(ends).reduce((a, b) => a + b, 0),
    warmUpMinutes: Math.min(10, minutes / 3),
    afterWarmUp: {
      rssMb: range((s) => s.rssMb),
      heapMb: range((s) => s.heapUsedMb),
      eventLoopP99Ms: range((s) => s.elP99Ms),
    },
    loadAverage: `${Math.min(...loads.map((l) => l.load)).toFixed(1)}–${Math.max(...loads.map((l) => l.load)).toFixed(1)}`,
    errorLogLines: errors.length,
    errorMessages: [...new Set(errors.map((l) => l.match(/"msg":"([^"]*)"/)?.[1] ?? ''))].slice(0, 10),
    balancer: balancer.stats,
    dir,
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ summary, rows, dbRows }, null, 2));
  out(`soak done: ${JSON.stringify(summary)}`);
}
