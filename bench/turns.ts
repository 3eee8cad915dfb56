/**
 * `npm run bench -- turns`: how fast a turn is answered, against a bare Bolt app measured the same way in the same run.
 *
 * Starts its own mongo-java-server (BENCH_HEAP, default 4g), a stand-in Slack Web API on loopback
 * (tests/chaos/slack-standin.ts), the real bot (`src/main.ts`, Slack over HTTP, metrics on) and a bare Bolt 5 app that
 * only replies (bench/bare-bolt.ts). Both get correctly signed DMs at 50, 200, 500 and 1,000 per second (BENCH_RATES) for
 * BENCH_TURN_SECONDS (10) each, one DM per person per second; a turn's latency is from sending the request to the
 * answer's `chat.postMessage` reaching the stand-in (performance.now(): sub-millisecond). The bot's round trips per turn come from its
 * `coach_db_commands_total` counter. Every person has written once before (a warm-up), so the figures are the common
 * case, not a first contact. Prints figures only; asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/store/free-port.js';
import { BotInstance } from '../tests/chaos/cluster.js';
import { dbTimes, dbTimesSince } from '../tests/chaos/db-times.js';
import { BOT_TOKEN, BOT_USER, dmChannel, SIGNING_SECRET, SlackStandIn, TEAM } from '../tests/chaos/slack-standin.js';
import { cpuMsOf, startServer } from './server.js';

const RATES = (process.env.BENCH_RATES ?? '50,200,500,1000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_TURN_SECONDS ?? 10);
const PEOPLE = Math.max(...RATES);

export interface Target {
  readonly name: 'bot' | 'bare';
  readonly url: string;
  /** The process answering (for its CPU time). */
  pid?: number | undefined;
  /** Posts per answered turn (measured in the warm-up). */
  postsPerTurn: number;
}

/** Sent-at times waiting for an answer, per target and person; answers pop them in order. */
export class Ledger {
  private readonly waiting = new Map<string, number[]>();
  private readonly posts = new Map<string, number>();
  readonly latencies: number[] = [];

  constructor(private readonly target: Target) {}

  sent(user: string, at: number): void {
    const list = this.waiting.get(user) ?? [];
    list.push(at);
    this.waiting.set(user, list);
  }

  answered(user: string, at: number): void {
    const n = (this.posts.get(user) ?? 0) + 1;
    this.posts.set(user, n);
    if ((n - 1) % this.target.postsPerTurn !== 0) return; // a later post of the same answer
    const sentAt = this.waiting.get(user)?.shift();
    if (sentAt !== undefined) this.latencies.push(at - sentAt);
  }

  unanswered(): number {
    return [...this.waiting.values()].reduce((n, list) => n + list.length, 0);
  }
}

const sign = (body: string, ts: number): string =>
  `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;

async function postDm(url: string, user: string): Promise<number> {
  const now = Date.now();
  const event = {
    type: 'message',
    channel: dmChannel(user),
    channel_type: 'im',
    user,
    text: 'help',
    ts: `${now / 1000}`,
    event_ts: `${now / 1000}`,
    team: TEAM,
  };
  const body = JSON.stringify({
    token: 'legacy',
    team_id: TEAM,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    event_time: Math.floor(now / 1000),
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
    event,
  });
  const ts = Math.floor(now / 1000);
  const res = await fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': sign(body, ts),
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

export const users = Array.from({ length: PEOPLE }, (_, i) => `UB${String(i).padStart(5, '0')}`);

/** Sends `rate` DMs a second for `seconds`, person after person (each person about once a second). */
export async function drive(
  target: Target,
  ledger: Ledger,
  rate: number,
  seconds: number,
  people = Math.min(rate, users.length),
): Promise<{ sent: number; refused: number }> {
  const total = Math.round(rate * seconds);
  const start = performance.now() + 50;
  const inFlight: Promise<void>[] = [];
  let refused = 0;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const user = users[i % people] ?? 'UB0';
    ledger.sent(user, performance.now());
    inFlight.push(
      postDm(target.url, user).then(
        (status) => {
          if (status !== 200) refused++;
        },
        () => {
          refused++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { sent: total, refused };
}

export async function settle(ledger: Ledger, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (ledger.unanswered() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

export const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0) : NaN;
};

async function commandsOf(bot: string): Promise<number> {
  const text = await (await fetch(`${bot}/metrics`)).text();
  return Number(text.match(/^coach_db_commands_total (\d+)/m)?.[1] ?? NaN);
}

async function startBare(port: number, apiUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-bolt.ts'], {
    env: {
      ...process.env,
      BARE_PORT: String(port),
      SLACK_API_URL: apiUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bare Bolt app exited with ${code}`)));
  });
  return child;
}

export interface RateRow {
  readonly rate: number;
  readonly bot: readonly number[];
  readonly bare: readonly number[];
  readonly botUnanswered: number;
  readonly bareUnanswered: number;
  readonly refused: number;
  readonly roundTrips: number;
  /** CPU time of each process per turn it answered (ms): independent of how busy the machine is. */
  readonly botCpuMs: number;
  readonly bareCpuMs: number;
  readonly load: string;
  /** The bot's commands with the most database time during the slice: calls per turn and ms per call. */
  readonly commands: string;
}

const load = (): string => (os.loadavg()[0] ?? 0).toFixed(2);

async function warmUp(target: Target, standIn: SlackStandIn): Promise<void> {
  const before = standIn.posts.filter((p) => p.instance === target.name).length;
  const ledger = new Ledger({ ...target, postsPerTurn: 1 });
  // Every one of the PEOPLE writes once (at 100 a second), so no measured turn is a first contact.
  await drive(target, ledger, Math.min(100, PEOPLE), PEOPLE / Math.min(100, PEOPLE), PEOPLE);
  await new Promise((r) => setTimeout(r, 3000));
  const posts = standIn.posts.filter((p) => p.instance === target.name).length - before;
  target.postsPerTurn = Math.max(1, Math.round(posts / PEOPLE));
}

async function measure(targets: readonly Target[], standIn: SlackStandIn, rate: number): Promise<RateRow> {
  const [bot, bare] = targets as [Target, Target];
  const ledgers = new Map(targets.map((t) => [t.name, new Ledger(t)]));
  const unsubscribe = standIn.subscribe((post) =>
    ledgers.get(post.instance as Target['name'])?.answered(post.user, performance.now()),
  );
  const c0 = await commandsOf(bot.url);
  const times0 = await dbTimes(bot.url);
  const botCpu0 = (await cpuMsOf(bot.pid)) ?? NaN;
  const botRun = await drive(bot, ledgers.get('bot') as Ledger, rate, SECONDS);
  await settle(ledgers.get('bot') as Ledger, 15_000);
  const c1 = await commandsOf(bot.url);
  const commands = dbTimesSince(times0, await dbTimes(bot.url), 4)
    .map((d) => `${d.key} ${(d.calls / botRun.sent).toFixed(2)}/turn ${((d.seconds * 1000) / d.calls).toFixed(1)} ms`)
    .join('; ');
  const botCpu1 = (await cpuMsOf(bot.pid)) ?? NaN;
  const bareCpu0 = (await cpuMsOf(bare.pid)) ?? NaN;
  const bareRun = await drive(bare, ledgers.get('bare') as Ledger, rate, SECONDS);
  await settle(ledgers.get('bare') as Ledger, 15_000);
  unsubscribe();
  return {
    rate,
    bot: ledgers.get('bot')?.latencies ?? [],
    bare: ledgers.get('bare')?.latencies ?? [],
    botUnanswered: ledgers.get('bot')?.unanswered() ?? 0,
    bareUnanswered: ledgers.get('bare')?.unanswered() ?? 0,
    refused: botRun.refused + bareRun.refused,
    roundTrips: (c1 - c0) / botRun.sent,
    botCpuMs: (botCpu1 - botCpu0) / Math.max(1, ledgers.get('bot')?.latencies.length ?? 0),
    bareCpuMs:
      (((await cpuMsOf(bare.pid)) ?? NaN) - bareCpu0) / Math.max(1, ledgers.get('bare')?.latencies.length ?? 0),
    load: load(),
    commands,
  };
}

const ms = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '–');

function print(rows: readonly RateRow[]): void {
  console.log(
    '\n| DMs/s | bot median | bot p95 | bot p99 | bare Bolt median | bare p95 | bare p99 | median gap | p99 ratio | bot round trips/turn | CPU ms/turn (bot, bare) | unanswered (bot, bare) | load |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const [b50, b95, b99, r50, r95, r99] = [
      pct(r.bot, 50),
      pct(r.bot, 95),
      pct(r.bot, 99),
      pct(r.bare, 50),
      pct(r.bare, 95),
      pct(r.bare, 99),
    ];
    console.log(
      `| ${r.rate} | ${ms(b50)} ms | ${ms(b95)} ms | ${ms(b99)} ms | ${ms(r50)} ms | ${ms(r95)} ms | ${ms(r99)} ms | ${ms(b50 - r50)} ms | ${(b99 / r99).toFixed(2)}× | ${r.roundTrips.toFixed(2)} | ${r.botCpuMs.toFixed(1)}, ${r.bareCpuMs.toFixed(1)} | ${r.botUnanswered}, ${r.bareUnanswered} | ${r.load} |`,
    );
  }
  // The highest rate answered with a median under 10 ms, every lower rate too, and the next rate tried, which was not.
  const sustained = (pick: (r: RateRow) => readonly number[]): string => {
    const sorted = [...rows].sort((a, b) => a.rate - b.rate);
    const failed = sorted.findIndex((r) => !(pct(pick(r), 50) < 10));
    if (failed === 0) return `below ${sorted[0]?.rate ?? 0}/s`;
    if (failed === -1) return `${sorted.at(-1)?.rate ?? 0}/s or more (the highest tried)`;
    return `${sorted[failed - 1]?.rate ?? 0}/s (not ${sorted[failed]?.rate ?? 0}/s)`;
  };
  console.log(
    `\nHighest rate sustained (median under 10 ms): bot ${sustained((r) => r.bot)}, bare Bolt ${sustained((r) => r.bare)}; rates tried: ${RATES.join(', ')}.`,
  );
}

export async function main(): Promise<void> {
  process.env.BENCH_HEAP ??= '4g';
  const server = await startServer();
  const standIn = new SlackStandIn();
  await standIn.start();
  const dir = mkdtempSync(join(os.tmpdir(), 'turn-bench-'));
  const bot = new BotInstance('bot', {
    dir,
    mongoUri: server.uri,
    standIn,
    env: { SCHEDULER_CRON: '*/15 * * * * *', LOG_LEVEL: process.env.BENCH_BOT_LOG ?? 'warn' },
    // e.g. BENCH_BOT_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the bot (written when it stops).
    nodeArgs: (process.env.BENCH_BOT_NODE_ARGS ?? '').split(' ').filter(Boolean),
  });
  let bare: ChildProcess | undefined;
  try {
    await bot.start();
    const barePort = await freePort();
    bare = await startBare(barePort, standIn.url('bare'));
    console.log(
      `server: ${server.name}; node ${process.version}, ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const targets: Target[] = [
      { name: 'bot', url: bot.baseUrl, postsPerTurn: 1, pid: bot.proc?.child.pid },
      { name: 'bare', url: `http://127.0.0.1:${barePort}`, postsPerTurn: 1, pid: bare.pid },
    ];
    for (const t of targets) await warmUp(t, standIn);
    console.log(
      `warmed up: ${PEOPLE} people wrote once to each (posts per answer: bot ${targets[0]?.postsPerTurn}, bare ${targets[1]?.postsPerTurn}); logs in ${dir}`,
    );
    const rows: RateRow[] = [];
    for (const rate of RATES) {
      const row = await measure(targets, standIn, rate);
      rows.push(row);
      console.log(
        `  ${rate}/s: bot median ${ms(pct(row.bot, 50))} ms p99 ${ms(pct(row.bot, 99))} ms; bare median ${ms(pct(row.bare, 50))} ms p99 ${ms(pct(row.bare, 99))} ms; ${row.roundTrips.toFixed(2)} round trips/turn; load ${row.load}\n    db: ${row.commands}`,
      );
    }
    print(rows);
  } finally {
    bare?.kill('SIGTERM');
    await bot.terminate().catch(() => undefined);
    await standIn.stop();
    await server.stop();
  }
}
