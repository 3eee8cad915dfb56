/**
 * The real process: `src/main.ts` started with tsx, probed over HTTP, stopped with SIGTERM. Node is spawned
 * directly (not through npx, which exits on SIGTERM without waiting for its child). The working directory is a
 * temporary one so a developer's .env cannot change what is tested.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/store/embedded.js';
import { mongoUri } from '../support/db.js';

const mainFile = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');
const cwd = mkdtempSync(join(tmpdir(), 'coach-main-'));

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(SLACK_|MICROSOFT_|TEAMS_|BOT_|WEB_CHAT|PORT|HOST|DEV_CLOCK|LOG_LEVEL)/.test(k),
    ),
  );
  const child = spawn(process.execPath, ['--import', tsxLoader, mainFile], {
    cwd,
    env: { ...clean, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (text += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor(url: string, timeoutMs: number, proc: Started): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`the bot exited early:\n${proc.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the bot process', () => {
  let running: Started | undefined;
  afterEach(() => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('starts, reports healthy and ready, and exits 0 on SIGTERM after a clean stop', async () => {
    const port = await freePort();
    const proc = start({
      MONGODB_URI: `${mongoUri()}/proc_${randomUUID().slice(0, 8)}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      WEB_CHAT: 'off',
      LOG_LEVEL: 'info',
    });
    running = proc;
    const health = await waitFor(`http://127.0.0.1:${port}/healthz`, 90_000, proc);
    expect(health.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(proc.output()).toMatch(/"msg":"ready"/);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    const lines = proc.output().trim().split('\n');
    expect(lines.at(-1)).toMatch(/"msg":"stopped cleanly"/);
    expect(proc.output()).toMatch(/"msg":"stopping"/);
  }, 120_000);

  it('exits 1 with one readable message listing every bad variable, and no stack trace', async () => {
    const proc = start({ PORT: 'eighty', DEFAULT_TIME_ZONE: 'Nowhere/Land', MONGODB_URI: 'mongodb://127.0.0.1:1' });
    running = proc;
    expect(await proc.exited).toBe(1);
    const out = proc.output();
    expect(out).toMatch(/The configuration has 2 problems/);
    expect(out).toMatch(/PORT:/);
    expect(out).toMatch(/DEFAULT_TIME_ZONE:/);
    expect(out).not.toMatch(/\n\s+at /);
  }, 60_000);
});
