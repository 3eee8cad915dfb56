/**
 * The real process refuses to start without a usable master key: in production without ENCRYPTION_KEY, and anywhere
 * with a key that did not write the data keys in the database. One clear message naming the variable, exit 1.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../src/store/connection.js';
import { MongoDataKeyStore } from '../../src/store/data-key.repo.js';
import { FieldCipher, personScope } from '../../src/security/field-cipher.js';
import { LocalKeyRing } from '../../src/security/key-ring.js';
import { mongoUri } from '../support/db.js';

const mainFile = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const tsxLoader = import.meta.resolve('tsx');
const cwd = mkdtempSync(join(tmpdir(), 'coach-keys-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(SLACK_|MICROSOFT_|TEAMS_|BOT_|WEB_CHAT|PORT|HOST|DEV_CLOCK|ENC)/.test(k),
    ),
  );
  const child = spawn(process.execPath, ['--import', tsxLoader, mainFile], {
    cwd,
    env: { ...clean, HOST: '127.0.0.1', PORT: '0', WEB_CHAT: 'off', SCHEDULER_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('the master key at start-up', () => {
  it('production without ENCRYPTION_KEY: refuses, naming the variable', async () => {
    const { code, output } = await run({
      NODE_ENV: 'production',
      MONGODB_URI: `${mongoUri()}/keys_${randomUUID().slice(0, 8)}`,
    });
    expect(code).toBe(1);
    expect(output).toMatch(/ENCRYPTION_KEY is required in production/);
    expect(output).not.toMatch(/"msg":"ready"/);
  }, 90_000);

  it('a key that did not write the data in the database: refuses, naming the variable; never garbage', async () => {
    const uri = `${mongoUri()}/keys_${randomUUID().slice(0, 8)}`;
    const connection = await connectMongo(uri);
    const store = new MongoDataKeyStore(connection);
    await store.init();
    await new FieldCipher(new LocalKeyRing(randomBytes(32)), store).seal(personScope('p1'), 'written with key A');
    try {
      const { code, output } = await run({
        NODE_ENV: 'production',
        MONGODB_URI: uri,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      });
      expect(code).toBe(1);
      expect(output).toMatch(/neither ENCRYPTION_KEY \(\w+\) nor in ENCRYPTION_KEYS/);
      expect(output).not.toMatch(/"msg":"ready"/);
    } finally {
      await connection.dropDatabase();
      await connection.close();
    }
  }, 90_000);
});
