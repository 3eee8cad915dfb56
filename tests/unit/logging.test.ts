import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger, createLoggerFromConfig, REDACTED } from '../../src/logging.js';

/** Collects what the logger writes, one parsed JSON object per line. */
function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; raw: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    raw: () => text,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const slackToken = 'xoxb-1111-2222-abcdefSECRET';
const appPassword = 'Zq8~verySecretTeamsPassword';
const dbPassword = 'm0ngoPa55word';

describe('logging', () => {
  it('writes JSON lines with a level name, an ISO time and the message', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', destination: out.stream });
    logger.info({ personId: 'p1' }, 'turn done');
    logger.debug({}, 'not at info');
    const [line, ...rest] = out.lines();
    expect(rest).toHaveLength(0);
    expect(line).toMatchObject({ level: 'info', msg: 'turn done', personId: 'p1' });
    expect(String(line?.time)).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
  });

  it('never writes a secret passed in fields, nested fields, child bindings, errors or the message', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      SLACK_BOT_TOKEN: slackToken,
      SLACK_SIGNING_SECRET: 'signing-secret-value-123',
      MICROSOFT_APP_ID: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
      MICROSOFT_APP_PASSWORD: appPassword,
      MICROSOFT_APP_TENANT_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      MONGODB_URI: `mongodb://bot:${dbPassword}@db.example:27017/coach`,
    });
    const out = capture();
    const logger = createLoggerFromConfig(config, out.stream);
    logger.info(
      { token: slackToken, nested: { deeper: { password: appPassword, accessToken: 'opaque-token-1' } } },
      'fields',
    );
    logger.info(
      {
        headers: { authorization: 'Bearer abc.def.ghi', Cookie: 'sid=1' },
        env: { SLACK_SIGNING_SECRET: 'signing-secret-value-123', MICROSOFT_APP_PASSWORD: appPassword },
      },
      'headers',
    );
    logger.info({ uri: config.MONGODB_URI, note: `connecting with ${slackToken}` }, `message mentions ${appPassword}`);
    logger.child({ botToken: slackToken, list: [{ secret: 'x-secret-in-list' }] }).warn({}, 'child');
    logger.error(
      { err: new Error(`request failed for token ${slackToken}`, { cause: new Error(`password ${dbPassword}`) }) },
      'error',
    );
    logger.info(
      { raw: 'xapp-1-A0000-123456-abcdef', jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.signaturepart' },
      'shapes',
    );

    const raw = out.raw();
    for (const secret of [
      slackToken,
      appPassword,
      dbPassword,
      'signing-secret-value-123',
      'opaque-token-1',
      'abc.def.ghi',
      'sid=1',
      'x-secret-in-list',
      'xapp-1-A0000',
      'eyJhbGciOiJIUzI1NiJ9',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).toContain(REDACTED);
    const lines = out.lines();
    expect(lines).toHaveLength(6);
    // What is not secret survives, so the log stays useful.
    expect(lines[2]?.uri).toBe(`mongodb://bot:${REDACTED}@db.example:27017/coach`);
    expect(lines[4]).toMatchObject({
      msg: 'error',
      err: { type: 'Error', message: `request failed for token ${REDACTED}` },
    });
  });

  it('cuts cycles instead of failing', () => {
    const out = capture();
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    createLogger({ level: 'info', destination: out.stream }).info({ cyclic }, 'cycle');
    expect(out.lines()[0]).toMatchObject({ cyclic: { name: 'loop', self: '[cycle]' } });
  });
});
