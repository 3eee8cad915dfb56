/**
 * `npm run bench:startup`: time from `npm start` to the first 200 on `/readyz`, as a person on a fresh clone sees it.
 *
 *  - with `MONGODB_URI`: pointed at a running test server (the one in `MONGODB_URI` when set, else mongo-java-server
 *    in memory, started first and not counted);
 *  - without it, first start: a new, empty DATA_DIR (the embedded server is found or set up, the demo pair created);
 *  - without it, second and later starts: the same DATA_DIR again.
 * The two kinds of start alternate, so load from other work on the machine falls on both alike. Each start is stopped
 * as Ctrl-C stops it (SIGINT to its process group) and the next waits until every process of the previous one is
 * gone, the embedded server included (it closes its file after the bot).
 *
 * Prints the figures, the medians, the ratio (second start without ÷ start with) and a per-start timeline of the
 * log's milestones. `STARTUP_RUNS` (default 5) starts of each kind. Asserts nothing (speed is measured, not tested).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/store/free-port.js';

const RUNS = Math.max(1, Number(process.env.STARTUP_RUNS ?? 5));
const READY_TIMEOUT_MS = 240_000;
/** Log messages worth a time stamp: where a start spends its time. */
const MILESTONES = [
  'mongod',
  'embedded mongo-java-server started',
  'embedded mongodb-memory-server started',
  'web chat',
  'ready',
];

interface Start {
  readonly ms: number;
  readonly timeline: string;
  readonly store: string;
}

/** The environment of a plain `npm start`: no platform credentials, the caller's PATH and HOME. */
function botEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(SLACK_|MICROSOFT_|TEAMS_|MONGODB_URI$|DATA_DIR$|PORT$|NODE_ENV$)/.test(key)) env[key] = value;
  return { ...env, ...extra };
}

async function waitReady(port: number, child: ChildProcess, started: number): Promise<number> {
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before ready`);
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

/** True while any process of the group still runs. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until no process of the group is left; SIGKILL after 20 s. */
async function vanished(pgid: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  while (groupAlive(pgid)) await new Promise((r) => setTimeout(r, 50));
}

/**
 * A signal to the whole process group, as a terminal's Ctrl-C does (SIGINT; SIGTERM for the test server), then wait
 * until every process of the start (npm, tsx, the bot) is gone, and the embedded server too: it runs in a group of
 * its own (named by its pid), which the bot stops after closing its connection.
 */
async function stopGroup(child: ChildProcess, signal: NodeJS.Signals, serverPid?: number): Promise<void> {
  const pgid = child.pid;
  if (!pgid) return;
  if (groupAlive(pgid)) process.kill(-pgid, signal);
  await vanished(pgid);
  if (serverPid) await vanished(serverPid);
}

async function timeStart(extra: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: botEnv({ ...extra, PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the stop reaches the embedded server too
  });
  const marks: string[] = [];
  let store = '';
  let serverPid: number | undefined;
  let tail = '';
  const onLine = (line: string): void => {
    tail = (tail + line + '\n').slice(-3000);
    const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line;
    store = /"store":"([^"]*)"/.exec(line)?.[1] ?? store;
    if (msg.startsWith('embedded mongo')) serverPid = Number(/"port":\d+,"pid":(\d+)/.exec(line)?.[1]) || serverPid;
    if (MILESTONES.some((m) => msg.includes(m))) marks.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${msg}`);
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      lines.forEach(onLine);
    });
  }
  try {
    const ms = await waitReady(port, child, started);
    return { ms, timeline: marks.join(' · '), store };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- last output ---\n${tail}`, {
      cause: error,
    });
  } finally {
    await stopGroup(child, 'SIGINT', serverPid);
  }
}

/** A running test server for the MONGODB_URI starts: the caller's, or mongo-java-server in memory. */
async function testServer(): Promise<{ uri: string; stop: () => Promise<void> }> {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, stop: async () => {} };
  const port = await freePort();
  const child = spawn('bash', ['tools/mongo-server/run.sh', '127.0.0.1', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error('mongo-java-server did not start within 180 s')), 180_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => fail(new Error(`mongo-java-server exited with ${code}`)));
  });
  child.stdout?.resume();
  return { uri: `mongodb://127.0.0.1:${port}/startup-bench`, stop: () => stopGroup(child, 'SIGTERM') };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function report(withUri: readonly Start[], first: Start, later: readonly Start[]): void {
  const line = (label: string, starts: readonly Start[]): void =>
    console.log(
      `${label.padEnd(34)} ${starts.map((s) => seconds(s.ms)).join(', ')}  (median ${seconds(median(starts.map((s) => s.ms)))})`,
    );
  console.log(
    `\nnode ${process.version}, ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  line('with MONGODB_URI', withUri);
  line('without, first start', [first]);
  line('without, second and later starts', later);
  console.log(`embedded server: ${later[0]?.store ?? first.store}`);
  const ratio = median(later.map((s) => s.ms)) / median(withUri.map((s) => s.ms));
  console.log(`ratio (second start without ÷ start with, medians): ${ratio.toFixed(2)}× (target ≤ 2.5×)`);
  console.log('\ntimelines:');
  for (const [label, s] of [
    ['with URI', withUri[0]],
    ['first', first],
    ['second', later[0]],
  ] as const)
    if (s) console.log(`  ${label}: ${s.timeline}`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'startup-bench-'));
  // The first start before anything else, so on a fresh clone it does what a person's first start does.
  const first = await timeStart({ DATA_DIR: dataDir });
  console.log(`first start without MONGODB_URI: ${seconds(first.ms)} (${first.timeline})`);
  const server = await testServer();
  try {
    const withUri: Start[] = [];
    const later: Start[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      withUri.push(await timeStart({ MONGODB_URI: server.uri, DATA_DIR: join(dataDir, 'unused') }));
      later.push(await timeStart({ DATA_DIR: dataDir }));
      console.log(`round ${i + 1}: with ${seconds(withUri.at(-1)!.ms)}, without ${seconds(later.at(-1)!.ms)}`);
    }
    report(withUri, first, later);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
