/**
 * `npm run bench -- burst`: the 09:00 burst. BURST_PEOPLE (100,000) people each have a message due now; the real bot
 * (`src/main.ts`, its scheduler ticking every 2 s) drains them into the stand-in Slack API while 200 people write to
 * it at 200 DMs per second (BURST_RATE) for BENCH_TURN_SECONDS (10). Prints the drain rate seen at the stand-in, the
 * projected time to drain everything at that rate, and the turn latencies measured during the burst.
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
        dueAt: new Date(now.getTime() - 1000),
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
    env: { SCHEDULER_CRON: '*/2 * * * * *', LOG_LEVEL: 'warn', MONGODB_URI: `${server.uri}/burst` },
  });
  const drained: number[] = [];
  const unsubscribe = standIn.subscribe((post) => {
    if (post.user.startsWith('UP')) drained.push(Date.now());
  });
  try {
    const connection = await connectMongo(`${server.uri}/burst`, { serverSelectionTimeoutMS: 30_000 });
    if (!connection.db) throw new Error('no database');
    const seeded = performance.now();
    await seedBurst(connection.db, standIn.zone);
    await connection.close();
    console.log(
      `server: ${server.name}; ${PEOPLE.toLocaleString('en')} people with a message due, seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s; load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    await bot.start();
    const target: Target = { name: 'bot', url: bot.baseUrl, postsPerTurn: 1 };
    // Everyone who writes has written once before (first contact is not the common case).
    const warm = new Ledger(target);
    const people = users.slice(0, RATE);
    await drive(target, warm, Math.min(100, people.length), people.length / Math.min(100, people.length));
    await new Promise((r) => setTimeout(r, 3000));
    const ledger = new Ledger(target);
    const off = standIn.subscribe((post) => {
      if (post.user.startsWith('UB')) ledger.answered(post.user, Date.now());
    });
    const started = Date.now();
    const before = drained.length;
    await drive(target, ledger, RATE, SECONDS);
    const sentDuring = drained.length - before;
    const window = (Date.now() - started) / 1000;
    await settle(ledger, 15_000);
    off();
    const rate = sentDuring / window;
    const left = PEOPLE - drained.length;
    console.log(
      `\n| burst | drain rate during the turns | delivered so far | projected drain time | turns at ${RATE}/s: median | p95 | p99 | unanswered | load |`,
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| ${PEOPLE.toLocaleString('en')} | ${rate.toFixed(1)}/s | ${drained.length.toLocaleString('en')} | ${rate > 0 ? `${(left / rate / 60).toFixed(1)} min more` : '–'} | ${ms(pct(ledger.latencies, 50))} ms | ${ms(pct(ledger.latencies, 95))} ms | ${ms(pct(ledger.latencies, 99))} ms | ${ledger.unanswered()} | ${(os.loadavg()[0] ?? 0).toFixed(2)} |`,
    );
    console.log(`logs in ${dir}`);
  } finally {
    unsubscribe();
    await bot.terminate().catch(() => undefined);
    await standIn.stop();
    await server.stop();
  }
}
