/**
 * Malformed input never reaches a 5xx (issue 13, point 8), Teams side: 10,000 activities drawn by fast-check from
 * real shapes (a message, an Action.Submit, an Action.Execute invoke, install and remove, the bot added) with a
 * value of the wrong type anywhere or a field missing, posted to /api/messages in development mode (no
 * authentication). Every answer is below 500, nothing is logged at error level, and no coaching document changes
 * (the cards name another trajectory's agreement and session).
 */
import fc from 'fast-check';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { inBatches, mutated, rawClient } from '../support/fuzz.js';
import { seedFuzzCoaching } from '../support/scheduler-fakes.js';
import { activities, fakeConnector, startTeamsServer, teamsUser, type TeamsServer } from '../support/teams.server.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const WIDTH = 40;
const HOST = 'https://smba.test';
const SERVICE = `${HOST}/amer/`;
const fuzz = teamsUser('fuzz');

const errors: string[] = [];
const logger: Logger = {
  ...silentLogger,
  error: (fields, message) => errors.push(`${message} ${JSON.stringify(fields).slice(0, 300)}`),
  child: () => logger,
};

const templates: readonly { name: string; payload: Record<string, unknown> }[] = [
  { name: 'message', payload: activities.message(fuzz, SERVICE, 'help') },
  {
    name: 'submit done on another agreement',
    payload: activities.submit(fuzz, SERVICE, { action: 'agreement.done', value: 'ag-fuzz' }, 'card-1'),
  },
  {
    name: 'submit an agreement form for another trajectory',
    payload: activities.submit(
      fuzz,
      SERVICE,
      {
        action: 'form:agreement',
        value: 'tr-fuzz|tr-fuzz#1',
        in_owner: 'employee',
        in_what: 'Write it',
        in_due: '2026-12-20',
      },
      'card-2',
    ),
  },
  {
    name: 'execute held on another session',
    payload: activities.execute(fuzz, SERVICE, { action: 'session.held', value: 'tr-fuzz#1' }, 'card-3'),
  },
  { name: 'installed', payload: activities.installed(fuzz, SERVICE) },
  { name: 'removed', payload: { ...activities.installed(fuzz, SERVICE), action: 'remove' } },
  { name: 'bot added', payload: activities.botAdded(fuzz, SERVICE) },
];

describe('random Teams activities with wrong types (development mode)', () => {
  let s: TeamsServer;
  let coaching: () => Promise<string>;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
    fakeConnector(HOST, [fuzz]);
    s = await startTeamsServer({}, logger);
    coaching = await seedFuzzCoaching(s.app, s.models, 'teams');
  });
  afterAll(async () => {
    await s?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it(`answers every one of ${RUNS} below 500, logs no error and changes no coaching document`, async () => {
    const before = await coaching();
    const samples = fc.sample(mutated(templates), { numRuns: RUNS, seed: 13 });
    const started = Date.now();
    const client = rawClient(s.baseUrl, WIDTH);
    const statuses = new Map<number, number>();
    const failures = await inBatches(
      samples,
      WIDTH,
      async ({ payload }) => {
        const { status } = await client.post('/api/messages', JSON.stringify(payload) ?? 'null', {
          'content-type': 'application/json',
        });
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        return status;
      },
      (status) => status < 500,
    );
    client.close();
    const seconds = (Date.now() - started) / 1000;
    console.info(`teams fuzz: ${samples.length} activities in ${seconds.toFixed(1)} s`, Object.fromEntries(statuses));
    expect(
      failures.slice(0, 5).map((f) => ({ status: f.result, template: f.sample.template.name, m: f.sample.mutations })),
    ).toEqual([]);
    expect(errors.slice(0, 5)).toEqual([]);
    expect(await coaching()).toBe(before);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0); // the valid ones were answered: the edge was really exercised
  }, 300_000);
});
