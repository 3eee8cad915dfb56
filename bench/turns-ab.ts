/**
 * `npm run bench -- turns-ab`: the CPU a turn costs this checkout's bot against another checkout's (BENCH_AB_OTHER, a
 * directory with its own node_modules, e.g. a `git worktree` of an older commit), measured in turns so close together
 * that both see the same machine. CPU time per turn is the figure that does not depend on how busy the machine is,
 * but it does depend on how many turns arrive together (fixed per-second work is shared by more turns), so both bots
 * get the same closed loop: BENCH_AB_PEOPLE (8) people each write `help` again as soon as their answer arrives.
 *
 * One mongo-java-server (a database each), one stand-in Slack Web API; both bots warmed up (BENCH_AB_WARM s each),
 * then BENCH_AB_ROUNDS (10) rounds of a BENCH_AB_SECONDS (6) slice per bot, in the order A B B A A B ... so neither
 * always goes first. Prints each slice, the medians and their ratio; asserts nothing.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { BotInstance } from '../tests/chaos/cluster.js';
import { BOT_USER, dmChannel, SIGNING_SECRET, SlackStandIn, TEAM } from '../tests/chaos/slack-standin.js';
import { cpuMsOf, startServer } from './server.js';

const PEOPLE = Number(process.env.BENCH_AB_PEOPLE ?? 8);
const SECONDS = Number(process.env.BENCH_AB_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 10);
const WARM = Number(process.env.BENCH_AB_WARM ?? 20);

/** Answers awaited, by bot and person. */
const waiting = new Map<string, () => void>();

async function postDm(url: string, user: string): Promise<void> {
  const now = Date.now();
  const ts = Math.floor(now / 1000);
  const body = JSON.stringify({
    team_id: TEAM,
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    event_time: ts,
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
    event: { type: 'message', channel: dmChannel(user), channel_type: 'im', user, text: 'help', ts: `${now / 1000}` },
  });
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
    body,
  });
  await res.arrayBuffer();
}

/** PEOPLE people writing for `seconds`, each again as soon as answered; returns the turns answered. */
async function closedLoop(bot: Bot, seconds: number): Promise<number> {
  const end = Date.now() + seconds * 1000;
  let answered = 0;
  const person = async (i: number): Promise<void> => {
    const user = `UA${String(i).padStart(5, '0')}`;
    while (Date.now() < end) {
      const answer = new Promise<void>((done) => waiting.set(`${bot.name}|${user}`, done));
      await postDm(bot.instance.baseUrl, user);
      await answer;
      answered++;
    }
  };
  await Promise.all(Array.from({ length: PEOPLE }, (_, i) => person(i)));
  return answered;
}

interface Bot {
  readonly name: 'a' | 'b';
  readonly label: string;
  readonly instance: BotInstance;
  readonly cpu: number[];
}

const median = (xs: readonly number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] ?? NaN;

async function slice(bot: Bot): Promise<string> {
  const pid = bot.instance.proc?.child.pid;
  const c0 = (await cpuMsOf(pid)) ?? NaN;
  const t0 = Date.now();
  const turns = await closedLoop(bot, SECONDS);
  const perTurn = (((await cpuMsOf(pid)) ?? NaN) - c0) / Math.max(1, turns);
  bot.cpu.push(perTurn);
  const rate = turns / ((Date.now() - t0) / 1000);
  return `  ${bot.label}: ${perTurn.toFixed(2)} ms CPU per turn, ${rate.toFixed(0)} turns/s, load ${os.loadavg()[0]?.toFixed(1)}`;
}

export async function main(): Promise<void> {
  const other = process.env.BENCH_AB_OTHER;
  if (!other) throw new Error('set BENCH_AB_OTHER to another checkout (with node_modules), e.g. a git worktree');
  process.env.BENCH_HEAP ??= '2g';
  const server = await startServer();
  const standIn = new SlackStandIn();
  await standIn.start();
  const dir = mkdtempSync(join(os.tmpdir(), 'turns-ab-'));
  const bots: Bot[] = [];
  const unsubscribe = standIn.subscribe((post) => {
    const key = `${post.instance}|${post.user}`;
    waiting.get(key)?.();
    waiting.delete(key);
  });
  try {
    // The other checkout's own cluster.ts starts its own src/main.ts.
    const otherCluster = (await import(resolve(other, 'tests/chaos/cluster.ts'))) as {
      BotInstance: typeof BotInstance;
    };
    for (const [name, label, Instance] of [
      ['a', `A (${resolve(other)})`, otherCluster.BotInstance],
      ['b', 'B (this checkout)', BotInstance],
    ] as const) {
      const env = { SCHEDULER_CRON: '*/15 * * * * *', LOG_LEVEL: 'warn' };
      const instance = new Instance(name, { dir, mongoUri: `${server.uri}/turns_ab_${name}`, standIn, env });
      await instance.start();
      bots.push({ name, label, instance, cpu: [] });
    }
    for (const bot of bots) await closedLoop(bot, WARM);
    console.log(`${PEOPLE} people, ${ROUNDS} rounds of ${SECONDS} s per bot; ${os.cpus().length} cores`);
    for (let round = 0; round < ROUNDS; round++)
      for (const bot of round % 2 === 0 ? bots : [...bots].reverse()) console.log(await slice(bot));
    const [a, b] = bots as [Bot, Bot];
    console.log(
      `\nMedian CPU per turn: A ${median(a.cpu).toFixed(2)} ms, B ${median(b.cpu).toFixed(2)} ms (B/A ${(median(b.cpu) / median(a.cpu)).toFixed(2)}); B lower in ${a.cpu.filter((x, i) => (b.cpu[i] ?? Infinity) < x).length} of ${ROUNDS} rounds`,
    );
  } finally {
    unsubscribe();
    for (const bot of bots) await bot.instance.terminate().catch(() => undefined);
    await standIn.stop();
    await server.stop();
  }
}
