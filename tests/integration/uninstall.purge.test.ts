/**
 * Removing the data of a workspace that removed the app (issue 13, point 5): after UNINSTALL_GRACE_DAYS by the
 * scheduler's hourly cleanup, or at once by `npm run admin -- remove-workspace`. Afterwards no raw document names
 * the people of that workspace or holds what they wrote; people elsewhere are untouched.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/admin/cli.js';
import { adminCommands } from '../../src/admin/commands.js';
import { createApp, type App } from '../../src/app.js';
import { FixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { startUninstallCleanup } from '../../src/store/uninstall-cleanup.js';
import { LocalKeyRing } from '../../src/security/key-ring.js';
import { dropDatabase, freshDatabase, mongoUri } from '../support/db.js';

const key = randomBytes(32).toString('base64');
const DAY = 86_400_000;
const GOAL = 'Lead the narwhal migration calmly';

async function rawText(connection: Connection): Promise<string> {
  const parts: string[] = [];
  for (const c of await connection.db!.listCollections().toArray())
    parts.push(JSON.stringify(await connection.db!.collection(c.name).find().toArray()));
  return parts.join('\n');
}

async function setUp(label: string) {
  const connection = await freshDatabase(label);
  const clock = new FixedClock('2026-12-01T08:00:00Z');
  const app: App = await createApp({
    connection,
    clock,
    logger: silentLogger,
    settings: { defaultLocale: 'en', defaultTimeZone: 'Europe/Amsterdam', workStart: '09:00', workEnd: '17:30' },
    keys: LocalKeyRing.fromText(key),
  });
  const defaults = {
    locale: 'en' as const,
    timeZone: 'Europe/Amsterdam',
    workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
  };
  const sam = await app.store.people.upsertByIdentity(
    { channel: 'slack', tenantId: 'T0GONE', userId: 'U0SAM' },
    { displayName: 'Sam', email: 'sam@gone.example' },
    defaults,
  );
  const robin = await app.store.people.upsertByIdentity(
    { channel: 'slack', tenantId: 'T0GONE', userId: 'U0ROBIN' },
    { displayName: 'Robin' },
    defaults,
  );
  const elsewhere = await app.store.people.upsertByIdentity(
    { channel: 'slack', tenantId: 'T0STAY', userId: 'U0KIM' },
    { displayName: 'Kim' },
    defaults,
  );
  await app.store.trajectories.insert({
    id: 't-gone',
    employeeId: sam.id,
    coachId: robin.id,
    proposedBy: 'employee',
    goal: GOAL,
    cadenceDays: 14,
    durationMinutes: 60,
    status: 'active',
    createdAt: clock.now(),
    revision: 0,
  });
  return { connection, clock, app, ids: [sam.id, robin.id], elsewhere };
}

describe('removing the data of a workspace that removed the app', () => {
  let connection: Connection | undefined;
  afterEach(async () => {
    if (connection) await dropDatabase(connection);
    connection = undefined;
  });

  it('the scheduler cleanup removes it after the grace period, not before', async () => {
    const s = await setUp('purge');
    connection = s.connection;
    await s.app.uninstalls.stopSpace({ channel: 'slack', tenantId: 'T0GONE' }, s.clock.now());
    const cleanup = startUninstallCleanup(s.app, 30, silentLogger);
    try {
      s.clock.advance(29 * DAY);
      expect(await cleanup.run()).toBe(0);
      expect(await rawText(s.connection)).toContain('U0SAM');
      s.clock.advance(2 * DAY);
      expect(await cleanup.run()).toBe(2);
    } finally {
      await cleanup.stop();
    }
    const raw = await rawText(s.connection);
    for (const gone of [...s.ids, 'U0SAM', 'U0ROBIN', 'sam@gone.example', 't-gone']) expect(raw).not.toContain(gone);
    expect(await s.app.store.people.get(s.elsewhere.id)).not.toBeNull();
  });

  it('npm run admin -- remove-workspace removes it at once, after --yes', async () => {
    const s = await setUp('purgeadmin');
    connection = s.connection;
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, adminCommands, {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { MONGODB_URI: `${mongoUri()}/${s.connection.name}`, ENCRYPTION_KEY: key },
        now: () => s.clock.now(),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    expect((await run('remove-workspace', '--space', 'nowhere')).code).toBe(2);
    const dry = await run('remove-workspace', '--space', 'slack:T0GONE');
    expect(dry).toMatchObject({ code: 2 });
    expect(dry.out).toMatch(/remove 2 people/);
    expect(await s.app.store.people.get(s.ids[0]!)).not.toBeNull();

    const done = await run('remove-workspace', '--space', 'slack:T0GONE', '--yes');
    expect(done).toMatchObject({ code: 0 });
    const raw = await rawText(s.connection);
    for (const gone of [...s.ids, 'U0SAM', 'sam@gone.example', 't-gone']) expect(raw).not.toContain(gone);
    expect(raw).not.toContain('narwhal');
    expect(await s.app.store.people.get(s.elsewhere.id)).not.toBeNull();
  });
});
