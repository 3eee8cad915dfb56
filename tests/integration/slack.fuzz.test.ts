/**
 * Malformed input never reaches a 5xx (issue 13, point 8), Slack side: 10,000 correctly signed payloads drawn by
 * fast-check from real shapes (a DM, the App Home, a button, a modal submit, /coach, uninstall and token events, URL
 * verification) with a value of the wrong type anywhere or a field missing. Every answer is below 500, nothing is
 * logged at error level (a listener that throws after Slack's acknowledgement), and no coaching document changes
 * (the buttons name another trajectory's agreement and session).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../src/core/logger.js';
import { inBatches, mutated, rawClient } from '../support/fuzz.js';
import { seedFuzzCoaching } from '../support/scheduler-fakes.js';
import { BOT_USER, sign, startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const USER = 'U0FUZZ';
/** Requests in flight at once. */
const WIDTH = 40;

const errors: string[] = [];
const logger: Logger = {
  ...silentLogger,
  error: (fields, message) => errors.push(`${message} ${JSON.stringify(fields).slice(0, 300)}`),
  child: () => logger,
};

const envelope = (event: Record<string, unknown>) => ({
  token: 'legacy',
  team_id: TEAM,
  api_app_id: 'A0APP',
  type: 'event_callback',
  event_id: 'Ev0FUZZ',
  event_time: 1_790_000_000,
  authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
  event,
});

const button = (actionId: string, value?: string) => ({
  type: 'block_actions',
  user: { id: USER, team_id: TEAM },
  team: { id: TEAM, domain: 'test' },
  api_app_id: 'A0APP',
  trigger_id: '1.2.fuzz',
  container: { type: 'message', message_ts: '1.1', channel_id: `D-${USER}`, is_ephemeral: false },
  channel: { id: `D-${USER}`, name: 'directmessage' },
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', action_ts: '1.2', ...(value ? { value } : {}) }],
});

type Encoding = 'json' | 'interaction' | 'form';
const templates: readonly { name: string; encoding: Encoding; payload: Record<string, unknown> }[] = [
  {
    name: 'dm',
    encoding: 'json',
    payload: envelope({
      type: 'message',
      channel: `D-${USER}`,
      channel_type: 'im',
      user: USER,
      text: 'help',
      ts: '1.000001',
      event_ts: '1.000001',
      team: TEAM,
    }),
  },
  {
    name: 'home',
    encoding: 'json',
    payload: envelope({ type: 'app_home_opened', user: USER, channel: `D-${USER}`, tab: 'home', event_ts: '1.1' }),
  },
  {
    name: 'tokens_revoked (user token only)',
    encoding: 'json',
    payload: envelope({ type: 'tokens_revoked', tokens: { oauth: [USER], bot: [] } }),
  },
  {
    name: 'app_uninstalled (another workspace)',
    encoding: 'json',
    payload: { ...envelope({ type: 'app_uninstalled' }), team_id: 'T0OTHER' },
  },
  {
    name: 'url_verification',
    encoding: 'json',
    payload: { token: 'legacy', challenge: 'abc', type: 'url_verification' },
  },
  { name: 'done on another agreement', encoding: 'interaction', payload: button('act|0|agreement.done', 'ag-fuzz') },
  { name: 'held on another session', encoding: 'interaction', payload: button('act|1|session.held', 'tr-fuzz#1') },
  { name: 'help button', encoding: 'interaction', payload: button('act|0|help') },
  {
    name: 'modal submit',
    encoding: 'interaction',
    payload: {
      type: 'view_submission',
      team: { id: TEAM, domain: 'test' },
      user: { id: USER, team_id: TEAM },
      api_app_id: 'A0APP',
      trigger_id: '1.3.fuzz',
      view: {
        id: 'V0VIEW',
        type: 'modal',
        callback_id: 'form|agreement',
        private_metadata: '{"formId":"agreement","value":"tr-fuzz|tr-fuzz#1"}',
        state: {
          values: {
            owner: { owner: { type: 'static_select', selected_option: { value: 'employee' } } },
            what: { what: { type: 'plain_text_input', value: 'Write it' } },
            due: { due: { type: 'plain_text_input', value: '2026-12-20' } },
          },
        },
      },
    },
  },
  {
    name: '/coach',
    encoding: 'form',
    payload: {
      token: 'legacy',
      team_id: TEAM,
      team_domain: 'test',
      channel_id: 'C0GENERAL',
      user_id: USER,
      user_name: 'fuzz',
      command: '/coach',
      text: 'help',
      api_app_id: 'A0APP',
      response_url: 'http://slack.test/commands/1',
      trigger_id: '1.4.fuzz',
    },
  },
];

function encode(encoding: Encoding, payload: unknown): { body: string; contentType: string } {
  if (encoding === 'json') return { body: JSON.stringify(payload) ?? 'null', contentType: 'application/json' };
  if (encoding === 'interaction')
    return {
      body: new URLSearchParams({ payload: JSON.stringify(payload) ?? 'null' }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };
  const fields =
    typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? Object.fromEntries(
          Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]),
        )
      : { payload: JSON.stringify(payload) ?? '' };
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

describe('random correctly signed Slack payloads with wrong types', () => {
  let s: SlackServer;
  let coaching: () => Promise<string>;

  beforeAll(async () => {
    s = await startSlackServer({}, { logger });
    s.api.user({ id: USER, name: 'Fuzz', email: 'fuzz@example.com' });
    coaching = await seedFuzzCoaching(s.app, s.models, 'slack');
  });
  afterAll(() => s?.close());

  it(`answers every one of ${RUNS} below 500, logs no error and changes no coaching document`, async () => {
    const before = await coaching();
    const samples = fc.sample(mutated(templates), { numRuns: RUNS, seed: 13 });
    const started = Date.now();
    const client = rawClient(s.baseUrl, WIDTH);
    const failures = await inBatches(
      samples,
      WIDTH,
      async ({ template, payload }) => {
        const { body, contentType } = encode(template.encoding, payload);
        const timestamp = Math.floor(Date.now() / 1000);
        const headers = {
          'content-type': contentType,
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': sign(body, timestamp),
        };
        return (await client.post('/slack/events', body, headers)).status;
      },
      (status) => status < 500,
    );
    client.close();
    await s.handle.idle();
    const seconds = (Date.now() - started) / 1000;
    console.info(`slack fuzz: ${samples.length} payloads in ${seconds.toFixed(1)} s`);
    expect(
      failures.slice(0, 5).map((f) => ({ status: f.result, template: f.sample.template.name, m: f.sample.mutations })),
    ).toEqual([]);
    expect(errors.slice(0, 5)).toEqual([]);
    expect(await coaching()).toBe(before);
    expect(s.api.calls.length).toBeGreaterThan(0); // the valid ones were answered: the edge was really exercised
  }, 300_000);
});
