/**
 * `npm run bench -- burst`: the 09:00 burst. BURST_PEOPLE (100,000) people, one workspace; the real bot
 * (`src/main.ts`, its scheduler ticking every 2 s, SLACK_SENDS_PER_SECOND = BURST_SENDS_PER_SECOND, default 8).
 * First BURST_RATE (200) people write at BURST_RATE DMs per second for BENCH_TURN_SECONDS (10) with nothing due
 * (the baseline); then everybody's message becomes due at once and the same people write again while the bot drains
 * the burst into the stand-in Slack API. Prints the configured limit, the drain rate seen at the stand-in and the most
 * it received in any one second, the projected drain time, and the turn latencies without and during the burst.
 *
 * Its own mongo-java-server (BENCH_HEAP, default 8g), never a shared one. Prints figures only; asserts nothing.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { mongo } from 'mongoose';
import { connectMongo } from '../src/store/connection.js';
import { BotInstance } from '../tests/chaos/cluster.js';
import { SlackStandIn, TEAM } from '../tests/chaos/slack-standin.js';
import { startServer } from './server.js';
import { drive, Ledger, pct, settle, users, type Target } from './turns.js';

const PEOPLE = Number(process.env.BURST_PEOPLE ?? 100_000);
const RATE = Number(process.env.BURST_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_TURN_SECONDS ?? 10);
/** The workspace's configured rate (the bot's SLACK_SENDS_PER_SECOND, whose default is 8). */
const LIMIT = Number(process.env.BURST_SENDS_PER_SECOND ?? 8);
/** Seeded due next year; `startBurst` makes them all due at once, after the turns were measured without it. */
const LATER = new Date(Date.now() + 365 * 86_400_000);

async function seedBurst(db: mongo.Db, zone: string): Promise<void> {
  const now = new Date();
  const everyDay = { start: '00:00', end: '23:59', days: [1, 2, 3, 4, 5, 6, 7] };
  for (let from = 0; from < PEOPLE; from += 10_000) {
    const ids = Array.from({ length: Math.min(10_000, PEOPLE - from) }, (_, i) => from + i);
    await db.collection<Record<string, unknown>>('people').insertMany(
      ids.map((i): Record<string, unknown> => ({
        _id: `burst-${i}`,
        displayName: `Person ${i}`,
        locale: 'en',
        timeZone: zone,
        workingHours: everyDay,
        identities: [{ channel: 'slack', tenantId: TEAM, userId: `UP${i}` }],
        identityKeys: [`slack:${TEAM}:UP${i}`],
        createdAt: now,
      })),
      { ordered: false },
    );
    await db.collection<Record<string, unknown>>('outbox').insertMany(
      ids.map((i): Record<string, unknown> => ({
        _id: `privacy.removed:burst-${i}:2026-01-05`,
        kind: 'privacy.trajectoryRemoved',
        recipientId: `burst-${i}`,
        dueAt: LATER,
        payload: { role: 'coach', startedAt: '2026-01-05T09:00:00.000Z' },
        urgent: false,
        status: 'pending',
        attempts: 0,
        createdAt: now,
      })),
      { ordered: false },
    );
  }
}

const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** The most scheduled messages the stand-in received within one calendar second. */
function peakPerSecond(times: readonly number[]): number {
  const per = new Map<number, number>();
  for (const t of times) per.set(Math.floor(t / 1000), (per.get(Math.floor(t / 1000)) ?? 0) + 1);
  return Math.max(0, ...per.values());
}

const load = (): string => (os.loadavg()[0] ?? 0).toFixed(2);

/** Turns at RATE for SECONDS, from people who wrote before. */
async function turns(standIn: SlackStandIn, target: Target): Promise<Ledger> {
  const ledger = new Ledger(target);
  const off = standIn.subscribe((post) => {
    if (post.user.startsWith('UB')) ledger.answered(post.user, performance.now());
  });
  await drive(target, ledger, RATE, SECONDS);
  await settle(ledger, 15_000);
  off();
  return ledger;
}

const row = (what: string, l: Ledger, extra: string): string =>
  `| ${what} | ${extra} | ${ms(pct(l.latencies, 50))} ms | ${ms(pct(l.latencies, 95))} ms | ${ms(pct(l.latencies, 99))} ms | ${l.latencies.length} of ${l.latencies.length + l.unanswered()} |`;

async function seeded(uri: string, zone: string): Promise<void> {
  const connection = await connectMongo(`${uri}/burst`, { serverSelectionTimeoutMS: 30_000 });
  if (!connection.db) throw new Error('no database');
  const t0 = performance.now();
  await seedBurst(connection.db, zone);
  await connection.close();
  const took = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`${PEOPLE.toLocaleString('en')} people with a message planned, seeded in ${took} s; load ${load()}`);
}

async function startBurst(uri: string): Promise<void> {
  const connection = await connectMongo(`${uri}/burst`, { serverSelectionTimeoutMS: 30_000 });
  await connection.db?.collection('outbox').updateMany({}, { $set: { dueAt: new Date(Date.now() - 1000) } });
  await connection.close();
}

export async function main(): Promise<void> {
  process.env.BENCH_HEAP ??= '8g';
  const server = await startServer();
  const standIn = new SlackStandIn();
  await standIn.start();
  const dir = mkdtempSync(join(os.tmpdir(), 'burst-bench-'));
  const bot = new BotInstance('bot', {
    dir,
    mongoUri: server.uri,
    standIn,
    env: {
      SCHEDULER_CRON: '*/2 * * * * *',
      LOG_LEVEL: process.env.BENCH_BOT_LOG ?? 'warn',
      MONGODB_URI: `${server.uri}/burst`,
      SLACK_SENDS_PER_SECOND: String(LIMIT),
    },
    // e.g. BENCH_BOT_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the bot (written when it stops).
    nodeArgs: (process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean),
  });
  const drained: number[] = [];
  const unsubscribe = standIn.subscribe((post) => {
    if (post.user.startsWith('UP')) drained.push(Date.now());
  });
  try {
    console.log(`server: ${server.name}; node ${process.version}, ${os.cpus().length} cores`);
    await seeded(server.uri, standIn.zone);
    await bot.start();
    const target: Target = { name: 'bot', url: bot.baseUrl, postsPerTurn: 1 };
    // Everyone who writes has written once before (first contact is not the common case).
    const people = users.slice(0, RATE);
    const warmRate = Math.min(100, people.length);
    await drive(target, new Ledger(target), warmRate, people.length / warmRate, people.length);
    await new Promise((r) => setTimeout(r, 3000));
    const quiet = await turns(standIn, target);
    const quietLoad = load();
    await startBurst(server.uri);
    const first = Date.now();
    while (drained.length === 0 && Date.now() - first < 60_000) await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const before = drained.length;
    const during = await turns(standIn, target);
    const window = (Date.now() - started) / 1000;
    const rate = (drained.length - before) / window;
    const left = PEOPLE - drained.length;
    const projected = rate > 0 ? `${(left / rate / 60).toFixed(1)} min more` : '–';
    console.log(`\n| turns at ${RATE}/s | scheduled messages | median | p95 | p99 | answered |`);
    console.log('|---|---|---:|---:|---:|---:|');
    console.log(row('nothing due (baseline)', quiet, `none; load ${quietLoad}`));
    console.log(
      row(
        'during the burst',
        during,
        `limit ${LIMIT}/s per workspace; drained ${rate.toFixed(1)}/s, at most ${peakPerSecond(drained)} in one second; ${drained.length.toLocaleString('en')} delivered, ${projected}; load ${load()}`,
      ),
    );
    console.log(`logs in ${dir}`);
  } finally {
    unsubscribe();
    await bot.terminate().catch(() => undefined);
    await standIn.stop();
    await server.stop();
  }
}
