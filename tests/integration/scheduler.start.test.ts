/**
 * `startAppScheduler` as the runtime wires it: the development clock control on the HTTP router (and never in production),
 * and the named node-cron task ticking the dispatcher.
 */
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createLogger } from '../../src/logging.js';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';
import type { SchedulerHandle } from '../../src/scheduler/index.js';
import { startAppScheduler } from '../../src/scheduling.js';
import { dropDatabase, freshDatabase } from '../support/db.js';
import { FakeMessenger, FakeResumer, seedPerson } from '../support/scheduler-fakes.js';

const settings = {
  defaultLocale: 'en' as const,
  defaultTimeZone: 'Europe/Amsterdam',
  workStart: '09:00',
  workEnd: '17:30',
};

let connection: Connection;
let app: App;
let clock: ManualClock;

beforeAll(async () => {
  connection = await freshDatabase('sched_start');
  // A development clock that does not drift with real time: only `advance` moves it.
  clock = new ManualClock(() => 0, new Date('2026-12-01T07:00:00Z'));
  app = await createApp({ connection, clock, logger: silentLogger, settings });
});
afterAll(() => dropDatabase(connection));

async function serve(
  env: Record<string, string>,
): Promise<{ http: HttpServer; base: string; scheduler: SchedulerHandle; messenger: FakeMessenger }> {
  const http = createHttpServer({ logger: silentLogger, ready: async () => true });
  const messenger = new FakeMessenger('web', clock);
  const config = loadConfig({ SCHEDULER_ENABLED: 'false', ...env });
  const scheduler = await startAppScheduler(app, [messenger], config, {
    router: http.router,
    instanceId: 'dev',
    resumer: new FakeResumer(),
  });
  const address: AddressInfo = await http.listen('127.0.0.1', 0);
  return { http, base: `http://127.0.0.1:${address.port}`, scheduler, messenger };
}

describe('the development clock control', () => {
  it('shows the clock, refuses a bad body without moving, advances and jumps to the next item, ticking each time', async () => {
    const { http, base, scheduler, messenger } = await serve({ NODE_ENV: 'development' });
    try {
      const ann = await seedPerson(app, { userId: 'ann' });
      await app.store.outbox.plan({
        key: 'dev/1',
        kind: 'test.first',
        recipientId: ann.id,
        dueAt: new Date('2026-12-01T08:00:00Z'),
        payload: {},
      });
      await app.store.outbox.plan({
        key: 'dev/2',
        kind: 'test.second',
        recipientId: ann.id,
        dueAt: new Date('2026-12-02T10:00:00Z'),
        payload: {},
      });

      const shown = (await (await fetch(`${base}/dev/clock`)).json()) as {
        now: string;
        pending: number;
        next: { kind: string; dueAt: string };
      };
      expect(shown).toEqual({
        now: '2026-12-01T07:00:00.000Z',
        pending: 2,
        next: { kind: 'test.first', dueAt: '2026-12-01T08:00:00.000Z', recipientId: ann.id },
      });

      const bad = await fetch(`${base}/dev/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ms: -5 }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toBe('invalid_input');
      expect(clock.now().toISOString()).toBe('2026-12-01T07:00:00.000Z');

      const advanced = await fetch(`${base}/dev/clock/advance`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ hours: 1 }),
      });
      const body = (await advanced.json()) as { now: string; pending: number; tick: { sent: number } };
      expect(body).toMatchObject({ now: '2026-12-01T08:00:00.000Z', pending: 1, tick: { sent: 1 } });
      expect(messenger.textsTo('ann')).toEqual([['test.first {}']]);

      const jumped = (await (await fetch(`${base}/dev/clock/next`, { method: 'POST' })).json()) as {
        now: string;
        moved: boolean;
        tick: { sent: number };
        next: unknown;
      };
      expect(jumped).toMatchObject({ now: '2026-12-02T10:00:00.000Z', moved: true, next: null, tick: { sent: 1 } });
      expect(messenger.textsTo('ann')).toHaveLength(2);

      // Due at 23:30 in Amsterdam: held back by the night, and `next` follows it to 07:00 in one press.
      await app.store.outbox.plan({
        key: 'dev/3',
        kind: 'test.night',
        recipientId: ann.id,
        dueAt: new Date('2026-12-02T22:30:00Z'),
        payload: {},
        urgent: true,
      });
      const followed = (await (await fetch(`${base}/dev/clock/next`, { method: 'POST' })).json()) as {
        now: string;
        tick: { sent: number; deferred: number };
      };
      expect(followed).toMatchObject({ now: '2026-12-03T06:00:00.000Z', tick: { sent: 1, deferred: 1 } });
      expect(messenger.sent.at(-1)?.at?.toISOString()).toBe('2026-12-03T06:00:00.000Z');
    } finally {
      await scheduler.stop();
      await http.stop();
    }
  });

  it.each([
    ['in production', { NODE_ENV: 'production' }],
    ['with Slack configured and NODE_ENV unset', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }],
  ])('is not mounted %s (and DEV_CLOCK=true is refused in production)', async (_label, env) => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEV_CLOCK: 'true' })).toThrow(/DEV_CLOCK/);
    const { http, base, scheduler } = await serve(env);
    try {
      expect((await fetch(`${base}/dev/clock`)).status).toBe(404);
      expect((await fetch(`${base}/dev/clock/next`, { method: 'POST' })).status).toBe(404);
    } finally {
      await scheduler.stop();
      await http.stop();
    }
  });
});

describe('the cron task', () => {
  it('ticks the dispatcher on its schedule and stops cleanly', async () => {
    const bo = await seedPerson(app, { userId: 'bo' });
    clock.advanceTo(new Date('2026-12-03T09:00:00Z')); // Thursday 10:00 in Amsterdam: inside working hours
    await app.store.outbox.plan({
      key: 'cron/1',
      kind: 'test.cron',
      recipientId: bo.id,
      dueAt: clock.now(),
      payload: {},
    });
    const messenger = new FakeMessenger('web', clock);
    const scheduler = await startAppScheduler(
      app,
      [messenger],
      loadConfig({ NODE_ENV: 'test', SCHEDULER_CRON: '* * * * * *' }),
      { instanceId: 'cron', resumer: new FakeResumer() },
    );
    try {
      await expect.poll(() => messenger.textsTo('bo').length, { timeout: 5000, interval: 100 }).toBe(1);
    } finally {
      await scheduler.stop();
    }
    expect(await app.store.outbox.delivery('cron/1')).toMatchObject({ outcome: 'sent', instance: 'cron' });
  });

  it('delivers an urgent answer right away instead of waiting for the next tick', async () => {
    const cy = await seedPerson(app, { userId: 'cy' });
    const messenger = new FakeMessenger('web', clock);
    // A cron schedule that will not fire during this test: only the urgent kick can deliver.
    const scheduler = await startAppScheduler(
      app,
      [messenger],
      loadConfig({ NODE_ENV: 'test', SCHEDULER_CRON: '0 0 0 1 1 *' }),
      { instanceId: 'kick', resumer: new FakeResumer() },
    );
    try {
      await app.store.outbox.plan({
        key: 'kick/later',
        kind: 'test.later',
        recipientId: cy.id,
        dueAt: clock.now(),
        payload: {},
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(messenger.textsTo('cy')).toEqual([]); // not urgent: waits for a tick
      await app.store.outbox.plan({
        key: 'kick/urgent',
        kind: 'test.urgent',
        recipientId: cy.id,
        dueAt: clock.now(),
        payload: {},
        urgent: true,
      });
      await expect.poll(() => messenger.textsTo('cy').flat().length, { timeout: 3000, interval: 50 }).toBe(2);
    } finally {
      await scheduler.stop();
    }
    expect(await app.store.outbox.delivery('kick/urgent')).toMatchObject({ outcome: 'sent', instance: 'kick' });
  });

  it('refuses an invalid cron expression with a clear message', async () => {
    // The configuration refuses it at start-up, in the one message with every other problem…
    expect(() => loadConfig({ NODE_ENV: 'test', SCHEDULER_CRON: 'every minute' })).toThrow(
      /SCHEDULER_CRON: is not a cron expression/,
    );
    // …and the scheduler still refuses one that reaches it another way.
    const config = { ...loadConfig({ NODE_ENV: 'test' }), SCHEDULER_CRON: 'every minute' };
    await expect(startAppScheduler(app, [], config, { instanceId: 'bad' })).rejects.toThrow(
      /SCHEDULER_CRON "every minute" is not a valid cron expression/,
    );
  });

  it("names its instance once on a tick's log line (the scheduler's logger carries it)", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    const messenger = new FakeMessenger('web', clock);
    const config = loadConfig({ NODE_ENV: 'test', SCHEDULER_ENABLED: 'false' });
    const scheduler = await startAppScheduler(app, [messenger], config, {
      instanceId: 'once',
      logger,
      resumer: new FakeResumer(),
    });
    try {
      const dee = await seedPerson(app, { userId: 'dee' });
      await app.store.outbox.plan({
        key: 'once/1',
        kind: 'test.once',
        recipientId: dee.id,
        dueAt: clock.now(),
        payload: {},
      });
      expect((await scheduler.tick()).sent).toBe(1);
    } finally {
      await scheduler.stop();
    }
    const tick = lines.find((line) => line.includes('"msg":"scheduler tick"'));
    expect(tick).toBeDefined();
    expect(tick?.match(/"instance":/g)).toHaveLength(1);
    expect(JSON.parse(tick ?? '{}')).toMatchObject({ instance: 'once', component: 'scheduler', sent: 1 });
  });
});
