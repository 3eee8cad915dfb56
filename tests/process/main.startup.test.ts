/**
 * The real process refusing to start, as a person sees it: one message, plain words, the variable to change, no
 * stack trace, exit code 1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { mongoUri } from '../support/db.js';

const mainFile = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');
const cwd = mkdtempSync(join(tmpdir(), 'coach-startup-'));

function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(SLACK_|MICROSOFT_|TEAMS_|BOT_|WEB_CHAT|PORT|HOST|SCHEDULER_)/.test(k),
    ),
  );
  const child = spawn(process.execPath, ['--import', tsxLoader, mainFile], {
    cwd,
    env: { ...clean, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('start-up refusals', () => {
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('a bad cron, a bad app id and a bad port are one message before anything starts', async () => {
    const { code, output } = await run({
      PORT: 'abc',
      SCHEDULER_CRON: '61 * * * * *',
      MICROSOFT_APP_ID: 'not-a-guid',
      MICROSOFT_APP_PASSWORD: 'p4ssw0rd-value',
      MICROSOFT_APP_TENANT_ID: 'contoso.onmicrosoft.com',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/^The configuration has 3 problems:\n/);
    expect(output).toContain('PORT: use a whole number from 0 to 65535');
    expect(output).toContain('SCHEDULER_CRON: is not a cron expression');
    expect(output).toContain('MICROSOFT_APP_ID: must be the bot');
    expect(output).not.toMatch(/p4ssw0rd|\n\s+at /);
  }, 60_000);

  it('a port already in use says so and names PORT, without a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const { code, output } = await run({
        PORT: String(port),
        HOST: '127.0.0.1',
        WEB_CHAT: 'off',
        MONGODB_URI: `${mongoUri()}/startup_${randomUUID().slice(0, 8)}`,
      });
      expect(code).toBe(1);
      const line = output.split('\n').find((l) => l.includes('"level":"error"')) ?? '';
      expect(JSON.parse(line)).toMatchObject({
        code: 'EADDRINUSE',
        msg: `Port ${port} (127.0.0.1:${port}) is already in use by another program: stop that program, or set PORT to a free port (PORT=0 picks any free port).`,
      });
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  }, 90_000);
});
