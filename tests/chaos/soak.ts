/**
 * `npm run soak` — a long run at a steady rate of turns plus the scheduled messages they cause, against one real bot
 * process (src/main.ts) on mongo-java-server with the stand-in Slack API:
 *   npm run soak -- --minutes 60 --rate 50
 * Virtual pairs go through set-up, acceptance, preparation and digest, then new pairs start; a global pace keeps the
 * turns at `--rate` per second. The bot carries a probe (tests/chaos/probe.ts) that records memory and event-loop
 * delay every 10 s. Printed per window: turns/s, answer latency, scheduled messages, RSS, heap, event-loop delay,
 * error log lines; the raw samples stay in the run directory.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Balancer } from './balancer.js';
import { BotInstance, errorLines, MongoProcess } from './cluster.js';
import { nextWorkingDay, pairJourney } from './journey.js';
import { outboxKeysOf, TurnLedger, VirtualPerson } from './people.js';
import { SlackStandIn } from './slack-standin.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const minutes = flag('minutes', 60);
const rate = flag('rate', 50);
const pairsInFlight = flag('pairs', 120);
const windowMin = flag('window', 5);
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
await bot.start();
out(`soak: 1 instance, ${rate} turns/s for ${minutes} min, ${pairsInFlight} pairs in flight; run dir ${dir}`);

const balancer = new Balancer([bot]);
let nextSlot = Date.now();
balancer.pace = async () => {
  const now = Date.now();
  const slot = Math.max(now, nextSlot);
  nextSlot = slot + 1000 / rate;
  if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
};
const ledger = new TurnLedger(standIn);
const started = Date.now();
const end = started + minutes * 60_000;
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

const rows: string[] = [];
const windowMs = windowMin * 60_000;
const report = (from: number, to: number): void => {
  const turns = [...ledger.turns.values()].filter((t) => t.sentAt >= from && t.sentAt < to);
  const latencies = turns
    .filter((t) => t.answeredAt !== undefined)
    .map((t) => (t.answeredAt ?? 0) - t.sentAt)
    .sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  const scheduled = standIn.posts.filter((p) => p.at >= from && p.at < to && outboxKeysOf(p).length > 0).length;
  const samples = readSamples().filter((s) => s.t >= from && s.t < to);
  const max = (f: (s: Sample) => number): number => Math.max(0, ...samples.map(f));
  const last = samples.at(-1);
  const row =
    `| ${Math.round((from - started) / 60_000)}–${Math.round((to - started) / 60_000)} min | ${(turns.length / ((to - from) / 1000)).toFixed(1)} | ` +
    `${pct(0.5)} / ${pct(0.99)} ms | ${turns.length - latencies.length} | ${(scheduled / ((to - from) / 1000)).toFixed(1)} | ` +
    `${last?.rssMb ?? '?'} MB | ${last?.heapUsedMb ?? '?'} MB | ${max((s) => s.elP99Ms)} / ${max((s) => s.elMaxMs)} ms | ` +
    `${errorLines(bot.proc?.logFile ?? '').length} |`;
  rows.push(row);
  out(row);
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

out(
  '| window | turns/s | answer p50 / p99 | unanswered | scheduled/s | RSS (end) | heap (end) | event-loop p99 / max | error lines |',
);
let windowStart = started;
const ticker = setInterval(() => {
  if (Date.now() - windowStart >= windowMs) {
    report(windowStart, windowStart + windowMs);
    windowStart += windowMs;
  }
}, 5_000);
await Promise.all(Array.from({ length: pairsInFlight }, () => worker()));
clearInterval(ticker);
if (windowStart < end) report(windowStart, Math.min(Date.now(), end));

const samples = readSamples();
const warm = samples.filter((s) => s.t >= started + 10 * 60_000);
const range = (f: (s: Sample) => number): string =>
  warm.length ? `${Math.min(...warm.map(f))}–${Math.max(...warm.map(f))}` : 'n/a';
const turns = [...ledger.turns.values()];
out(
  `soak done: ${turns.length} turns in ${Math.round((Date.now() - started) / 1000)} s (${(turns.length / ((Date.now() - started) / 1000)).toFixed(1)}/s), ` +
    `${turns.filter((t) => t.answeredAt === undefined).length} unanswered; scheduled messages ${standIn.posts.filter((p) => outboxKeysOf(p).length > 0).length}; ` +
    `after warm-up (10 min): RSS ${range((s) => s.rssMb)} MB, heap ${range((s) => s.heapUsedMb)} MB, event-loop p99 ${range((s) => s.elP99Ms)} ms; ` +
    `error log lines ${errorLines(bot.proc?.logFile ?? '').length}; journeys ${JSON.stringify(ends)}`,
);
for (const line of [
  ...new Set(errorLines(bot.proc?.logFile ?? '').map((l) => l.match(/"msg":"([^"]*)"/)?.[1] ?? '')),
].slice(0, 10))
  out(`error: ${line}`);
await bot.terminate();
await mongo.stop();
await standIn.stop();
process.exit(0);
