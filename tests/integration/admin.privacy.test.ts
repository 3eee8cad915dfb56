/**
 * The privacy officer's admin commands against the real test server: export one person to files, delete one person
 * (only with --yes; the other person is told; no raw document names them afterwards), and re-wrap every data key
 * under a new master key after a rotation.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { runCli } from '../../src/admin/cli.js';
import { adminCommands } from '../../src/admin/commands.js';
import { createApp, type App } from '../../src/app.js';
import { silentLogger } from '../../src/core/logger.js';
import { LocalKeyRing } from '../../src/security/key-ring.js';
import { createModels } from '../../src/store/schemas.js';
import { dropDatabase, freshDatabase, mongoUri } from '../support/db.js';
import { phrasesAtRest } from '../support/at-rest.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
const dataDir = mkdtempSync(join(tmpdir(), 'admin-privacy-'));

async function admin(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, adminCommands, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { DATA_DIR: dataDir, ...env },
    now: () => NOW,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run admin -- export | delete | rewrap-keys', () => {
  let connection: Connection;
  let app: App;
  let uri: string;
  const person = (id: string, name: string) => ({
    id,
    displayName: name,
    email: `${name.toLowerCase()}@example.com`,
    locale: 'en' as const,
    timeZone: 'Europe/Amsterdam',
    workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
    identities: [{ channel: 'slack' as const, tenantId: 'T1', userId: `U-${name}` }],
    createdAt: NOW,
  });

  beforeAll(async () => {
    connection = await freshDatabase('adminprivacy');
    uri = `${mongoUri()}/${connection.name}`;
    const settings = {
      defaultLocale: 'en' as const,
      defaultTimeZone: 'Europe/Amsterdam',
      workStart: '09:00',
      workEnd: '17:30',
    };
    app = await createApp({
      connection,
      clock: { now: () => NOW },
      logger: silentLogger,
      settings,
      keys: LocalKeyRing.fromText(oldKey),
    });
    for (const p of [person('p-sam', 'Sam'), person('p-robin', 'Robin')]) {
      const { id, ...rest } = p;
      await createModels(connection).person.create({ _id: id, ...rest, identityKeys: [`slack:T1:U-${p.displayName}`] });
    }
    await app.store.trajectories.insert({
      id: 't-1',
      employeeId: 'p-sam',
      coachId: 'p-robin',
      proposedBy: 'employee',
      goal: 'Lead the walrus project calmly',
      cadenceDays: 14,
      durationMinutes: 60,
      status: 'active',
      createdAt: NOW,
      revision: 0,
    });
  });
  afterAll(() => dropDatabase(connection));

  it('rewrap-keys moves every data key to the new ENCRYPTION_KEY; the old key can go', async () => {
    const env = { MONGODB_URI: uri, ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS: oldKey };
    const rewrapped = await admin(env, 'rewrap-keys');
    expect(rewrapped).toMatchObject({ code: 0 });
    expect(rewrapped.out).toMatch(/re-wrapped 1 data keys/);
    expect((await admin(env, 'rewrap-keys')).out).toMatch(/re-wrapped 0 data keys/);
    const onlyOld = await admin({ MONGODB_URI: uri, ENCRYPTION_KEY: oldKey }, 'export', '--email', 'sam@example.com');
    expect(onlyOld.code).toBe(1);
    expect(onlyOld.err).toMatch(/neither ENCRYPTION_KEY .* nor in ENCRYPTION_KEYS/);
  });

  it('export writes the Markdown and JSON files with the texts opened', async () => {
    const out = mkdtempSync(join(tmpdir(), 'export-'));
    const result = await admin(
      { MONGODB_URI: uri, ENCRYPTION_KEY: newKey },
      'export',
      '--platform',
      'slack:T1:U-Sam',
      '--out',
      out,
    );
    expect(result).toMatchObject({ code: 0 });
    const files = readdirSync(out).sort();
    expect(files).toEqual(['p-sam-my-data-2026-12-01.json', 'p-sam-my-data-2026-12-01.md']);
    expect(readFileSync(join(out, files[1] ?? ''), 'utf8')).toMatch(
      /Coaching trajectory: Lead the walrus project calmly/,
    );
    expect(JSON.parse(readFileSync(join(out, files[0] ?? ''), 'utf8'))).toMatchObject({ person: { id: 'p-sam' } });
  });

  it('delete asks for --yes, then removes the person and tells the other one', async () => {
    const env = { MONGODB_URI: uri, ENCRYPTION_KEY: newKey };
    const dry = await admin(env, 'delete', '--email', 'sam@example.com');
    expect(dry.code).toBe(2);
    expect(dry.out).toMatch(/Would remove person p-sam with 1 trajectories.*Add --yes/);
    expect(await createModels(connection).person.exists({ _id: 'p-sam' })).toBeTruthy();
    expect((await admin(env, 'delete')).code).toBe(2);
    const done = await admin(env, 'delete', '--email', 'sam@example.com', '--yes');
    expect(done).toMatchObject({ code: 0 });
    expect(await phrasesAtRest(connection, ['p-sam', 'walrus', 'sam@example.com', 'U-Sam'])).toEqual([]);
    const notice = await createModels(connection).outbox.findOne({ recipientId: 'p-robin' }).lean();
    expect(notice).toMatchObject({ kind: 'privacy.trajectoryRemoved', payload: { role: 'coach' } });
    expect((await admin(env, 'delete', '--email', 'sam@example.com', '--yes')).code).toBe(1);
  });
});
