/**
 * GET /metrics on the real runtime (web chat, real test database): the listed series in Prometheus text format, an
 * inbound turn counted and timed, the outbox's depth and oldest due age read from the database; off or behind a
 * bearer token when the operator says so. Sends and 429s are counted by the messenger decorator (fake messengers).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { DeliveryError, type Messenger } from '../../src/core/messenger.js';
import { createMetrics, isRateLimited } from '../../src/metrics.js';
import { startRuntime, type Runtime } from '../../src/runtime.js';
import type { Connection } from 'mongoose';
import { connectMongo } from '../../src/store/connection.js';
import { createModels } from '../../src/store/schemas.js';
import { mongoUri } from '../support/db.js';

async function runtime(env: Record<string, string> = {}): Promise<Runtime> {
  const config = loadConfig({
    MONGODB_URI: `${mongoUri()}/metrics_${randomUUID().slice(0, 8)}`,
    NODE_ENV: 'development',
    WEB_CHAT: 'on',
    HOST: '127.0.0.1',
    PORT: '0',
    SCHEDULER_ENABLED: 'false',
    ...env,
  });
  return startRuntime(config, silentLogger);
}

/** Runs `work` on a second connection to the runtime's database (to seed or drop it directly), then closes it. */
async function onDatabase(r: Runtime, work: (db: Connection) => Promise<unknown>): Promise<void> {
  const db = await connectMongo(r.config.MONGODB_URI ?? '');
  try {
    await work(db);
  } finally {
    await db.close();
  }
}
const dropDatabase = (r: Runtime): Promise<void> => onDatabase(r, (db) => db.dropDatabase());

const url = (r: Runtime, path: string) => `http://127.0.0.1:${r.address.port}${path}`;
const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : undefined;
};

describe('/metrics', () => {
  let r: Runtime;
  beforeAll(async () => {
    r = await runtime();
  });
  afterAll(async () => {
    await dropDatabase(r);
    await r.stop();
  });

  it('serves every listed series in Prometheus format, with live values', async () => {
    const now = r.app.clock.now();
    await onDatabase(r, (db) =>
      createModels(db).outbox.create([
        {
          _id: 'm1',
          kind: 'session.prepare',
          recipientId: 'p1',
          dueAt: new Date(now.getTime() - 90_000),
          status: 'pending',
          attempts: 0,
          payload: {},
        },
        {
          _id: 'm2',
          kind: 'session.prepare',
          recipientId: 'p2',
          dueAt: new Date(now.getTime() + 3_600_000),
          status: 'pending',
          attempts: 0,
          payload: {},
        },
        {
          _id: 'm3',
          kind: 'agreement.nudge',
          recipientId: 'p1',
          dueAt: new Date(now.getTime() + 60_000),
          status: 'pending',
          attempts: 0,
          payload: {},
        },
      ]),
    );
    const said = await fetch(url(r, '/web/api/sam/messages'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'help' }),
    });
    expect(said.status).toBe(200);

    const res = await fetch(url(r, '/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(value(text, 'coach_outbox_pending{kind="session.prepare"}')).toBe(2);
    expect(value(text, 'coach_outbox_pending{kind="agreement.nudge"}')).toBe(1);
    expect(value(text, 'coach_outbox_oldest_due_age_seconds')).toBeGreaterThanOrEqual(90);
    expect(value(text, 'coach_inbound_turns_total{channel="web"}')).toBe(1);
    expect(value(text, 'coach_turn_duration_seconds_count{channel="web"}')).toBe(1);
    // The process's database commands, counted by the driver's command monitoring: the turn above sent some.
    expect(value(text, 'coach_db_commands_total')).toBeGreaterThan(0);
    // … and the time it waited for them, by command and collection: the turn read and saved its dialog.
    const timed = [
      ...text.matchAll(/^coach_db_command_seconds_total\{command="(\w+)",collection="([\w.-]+)"\} (\S+)$/gm),
    ];
    expect(timed.some(([, command, collection]) => command === 'update' && collection === 'dialogs')).toBe(true);
    expect(timed.every(([, , , seconds]) => Number(seconds) >= 0)).toBe(true);
    expect(value(text, 'coach_db_command_calls_total{command="update",collection="dialogs"}')).toBeGreaterThan(0);
    for (const name of [
      'coach_deliveries_total',
      'coach_platform_rate_limited_total',
      'coach_scheduler_ticks_total',
      'coach_scheduler_tick_duration_seconds',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(text).toContain(`# TYPE ${name} `);
    // No person, tenant or message id in any label.
    expect(text).not.toMatch(/sam|p1|m1/);
  });

  it('METRICS=off: no route', async () => {
    const off = await runtime({ METRICS: 'off' });
    try {
      expect((await fetch(url(off, '/metrics'))).status).toBe(404);
    } finally {
      await dropDatabase(off);
      await off.stop();
    }
  });

  it('METRICS_TOKEN: a scrape without the bearer token gets 401 and no data', async () => {
    const locked = await runtime({ METRICS_TOKEN: 'scrape-token-123456' });
    try {
      const none = await fetch(url(locked, '/metrics'));
      expect(none.status).toBe(401);
      expect(await none.text()).not.toContain('coach_');
      const wrong = await fetch(url(locked, '/metrics'), { headers: { authorization: 'Bearer scrape-token-000000' } });
      expect(wrong.status).toBe(401);
      const right = await fetch(url(locked, '/metrics'), { headers: { authorization: 'Bearer scrape-token-123456' } });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('coach_outbox_pending');
    } finally {
      await dropDatabase(locked);
      await locked.stop();
    }
  });

  it('counts sends by outcome and channel, 429s apart, and scheduler ticks', async () => {
    const metrics = createMetrics(r.app.store.operations, () => new Date());
    const answers: (() => Promise<{ messageId: string }>)[] = [
      async () => ({ messageId: '1' }),
      async () => Promise.reject(new DeliveryError({ kind: 'transient', reason: 'rate_limited', retryAfterMs: 3000 })),
      async () => Promise.reject(new DeliveryError({ kind: 'transient', reason: 'teams: 429 try again later' })),
      async () => Promise.reject(new DeliveryError({ kind: 'permanent', reason: 'account_inactive' })),
    ];
    const fake: Messenger = { channel: 'slack', send: () => (answers.shift() ?? (async () => ({ messageId: '' })))() };
    const counted = metrics.instrumentMessenger(fake);
    const target = { channel: 'slack' as const, tenantId: 'T', userId: 'U' };
    await counted.send(target, [{ text: 'x' }]);
    for (let i = 0; i < 3; i += 1)
      await expect(counted.send(target, [{ text: 'x' }])).rejects.toBeInstanceOf(DeliveryError);
    metrics.onTick({ instanceId: 'a', at: new Date(), durationMs: 20, result: {} as never });
    const text = await metrics.registry.metrics();
    expect(value(text, 'coach_deliveries_total{outcome="sent",channel="slack"}')).toBe(1);
    expect(value(text, 'coach_deliveries_total{outcome="retry",channel="slack"}')).toBe(2);
    expect(value(text, 'coach_deliveries_total{outcome="failed",channel="slack"}')).toBe(1);
    expect(value(text, 'coach_platform_rate_limited_total{channel="slack"}')).toBe(2);
    expect(value(text, 'coach_scheduler_ticks_total')).toBe(1);
    expect(isRateLimited(new DeliveryError({ kind: 'transient', reason: 'http_503' }))).toBe(false);
  });
});
