/**
 * The operator's view against the real test server: `status` (text and --json) lists failed and held deliveries,
 * unreachable people, installations and scheduler heartbeats without a word anyone wrote; `retry` puts failed items
 * back so the dispatcher picks them up; the real `npm run admin` entry point works as a process.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { runCli } from '../../src/admin/cli.js';
import { adminCommands } from '../../src/admin/commands.js';
import { createModels, type Models } from '../../src/store/schemas.js';
import { MongoSchedulerTicks } from '../../src/store/scheduler-ticks.repo.js';
import { MongoOutbox } from '../../src/store/outbox.repo.js';
import { dropDatabase, freshDatabase, mongoUri } from '../support/db.js';

const NOW = new Date('2026-03-02T10:00:00Z');
const PRIVATE = 'I feel stuck with my manager';

async function admin(uri: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, adminCommands, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { MONGODB_URI: uri },
    now: () => NOW,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run admin', () => {
  let connection: Connection;
  let models: Models;
  let uri: string;

  beforeAll(async () => {
    connection = await freshDatabase('admin');
    models = createModels(connection);
    uri = `${mongoUri()}/${connection.name}`;
    await models.person.create([
      {
        _id: 'p-gone',
        displayName: 'Sam Gone',
        identities: [{ channel: 'slack', tenantId: 'T1', userId: 'U1' }],
        identityKeys: ['slack:T1:U1'],
        unreachable: { reason: 'account_inactive', at: new Date('2026-03-01T08:00:00Z') },
      },
      { _id: 'p-ok', displayName: 'Robin', identities: [], identityKeys: ['web:local:robin'] },
    ]);
    await models.delivery.create({
      _id: 'nudge:a1:2026-03-01',
      kind: 'agreement.nudge',
      recipientId: 'p-gone',
      dueAt: new Date('2026-03-01T09:00:00Z'),
      deliveredAt: new Date('2026-03-01T09:00:05Z'),
      outcome: 'failed',
      channel: 'slack',
      reason: 'account_inactive',
      attempts: 1,
      payload: { agreementId: 'a1', note: PRIVATE },
    });
    await models.delivery.create({
      _id: 'digest:s1',
      kind: 'session.digest',
      recipientId: 'p-ok',
      dueAt: NOW,
      deliveredAt: NOW,
      outcome: 'sent',
      attempts: 1,
      payload: { text: PRIVATE },
    });
    await models.outbox.create([
      {
        _id: 'prep:s2',
        kind: 'session.prepare',
        recipientId: 'p-ok',
        dueAt: new Date('2026-03-02T10:05:00Z'),
        payload: { text: PRIVATE },
        status: 'pending',
        attempts: 2,
        lastError: 'http_503',
        createdAt: NOW,
      },
      {
        _id: 'prep:s3',
        kind: 'session.prepare',
        recipientId: 'p-ok',
        dueAt: new Date('2026-03-02T09:30:00Z'),
        payload: {},
        status: 'pending',
        attempts: 0,
        createdAt: NOW,
      },
    ]);
    await models.installation.create({
      _id: 'T0NEW',
      data: { team: { id: 'T0NEW', name: 'New team' }, bot: { userId: 'U0BOT', token: 'xoxb-secret-token-1' } },
      updatedAt: NOW,
    });
    await new MongoSchedulerTicks(connection).record({
      instance: 'pod-a',
      at: new Date('2026-03-02T09:59:45Z'),
      durationMs: 12,
      claimed: 3,
      sent: 2,
      retried: 1,
      failed: 0,
    });
  });
  afterAll(() => dropDatabase(connection));

  it('status --json lists what an operator needs, and nothing anyone wrote or any token', async () => {
    const { code, out } = await admin(uri, 'status', '--json');
    expect(code).toBe(0);
    expect(out).not.toContain(PRIVATE);
    expect(out).not.toContain('xoxb-');
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(report).toMatchObject({
      outbox: {
        byKind: [{ kind: 'session.prepare', pending: 2, due: 1 }],
        oldestDueAt: '2026-03-02T09:30:00.000Z',
      },
      held: [{ key: 'prep:s2', attempts: 2, lastError: 'http_503', nextTry: '2026-03-02T10:05:00.000Z' }],
      failed: [{ key: 'nudge:a1:2026-03-01', kind: 'agreement.nudge', channel: 'slack', reason: 'account_inactive' }],
      unreachable: [{ personId: 'p-gone', name: 'Sam Gone', channels: ['slack'], reason: 'account_inactive' }],
      installations: [{ id: 'T0NEW', teamName: 'New team', botUserId: 'U0BOT' }],
      schedulerTicks: [{ instance: 'pod-a', claimed: 3, sent: 2, retried: 1 }],
    });
  });

  it('status as text, for a person at a terminal', async () => {
    const { code, out } = await admin(uri, 'status');
    expect(code).toBe(0);
    expect(out).toContain('Oldest due item: 30 min ago');
    expect(out).toMatch(
      /Failed deliveries .*\(1\)\n {2}nudge:a1:2026-03-01 {2}agreement\.nudge {2}to p-gone {2}via slack/,
    );
    expect(out).toMatch(/People marked unreachable \(1\)\n {2}p-gone {2}Sam Gone {2}slack {2}account_inactive/);
    expect(out).toMatch(/pod-a {2}2026-03-02T09:59:45\.000Z \(15 s ago\)/);
    expect(out).not.toContain(PRIVATE);
  });

  it('bad arguments say what is expected', async () => {
    expect(await admin(uri, 'status', '--yaml')).toMatchObject({ code: 2, err: expect.stringContaining('--json') });
    expect(await admin(uri, 'retry')).toMatchObject({ code: 2, err: expect.stringContaining('usage:') });
    expect(await admin(uri, 'retry', '--all', '--since', 'yesterday')).toMatchObject({ code: 2 });
    expect(await admin(uri, 'frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('status, retry') });
    expect(await admin(uri, 'retry', 'no-such-key')).toMatchObject({
      code: 1,
      err: 'not a failed delivery: no-such-key',
    });
  });

  it('retry puts a failed item back, clears the unreachable mark, keeps the history; the outbox can claim it', async () => {
    const { code, out } = await admin(uri, 'retry', 'nudge:a1:2026-03-01');
    expect(code).toBe(0);
    expect(out).toContain('1 of 1 put back');
    const outbox = new MongoOutbox(models, () => NOW);
    expect(await outbox.delivery('nudge:a1:2026-03-01')).toBeNull();
    const [item] = await outbox.claimMany(['nudge:a1:2026-03-01'], NOW, 'test-owner', 60_000);
    expect(item).toMatchObject({ kind: 'agreement.nudge', recipientId: 'p-gone', attempts: 0 });
    expect(await models.person.findById('p-gone').lean()).not.toHaveProperty('unreachable');
    expect(await models.delivery.countDocuments({ _id: /^nudge:a1:2026-03-01#retried@/ })).toBe(1);
    // Nothing failed is left, so --all finds nothing.
    expect((await admin(uri, 'retry', '--all')).out).toContain('0 of 0 put back');
  });

  it('runs as a process: npm run admin -- status', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), 'src/admin/main.ts', 'status'], {
      cwd: root,
      env: { ...process.env, MONGODB_URI: uri },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Status at /);
    expect(run.stdout).toContain('Installations (Slack, multi-workspace) (1)');
    const none = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), 'src/admin/main.ts', 'status'], {
      cwd: root,
      env: { PATH: process.env.PATH, DATA_DIR: '/nonexistent-data-dir' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('set MONGODB_URI');
  });
});
