/** Start-up messages people can act on: every problem in one message, in plain words with the fix. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { consoleDestination } from '../../src/logging.js';
import { explainStartError } from '../../src/start-errors.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration messages', () => {
  it('cron syntax, app id format, numbers and ports all land in the one message', () => {
    const list = problems({
      PORT: 'abc',
      SCHEDULER_CRON: 'every minute',
      MICROSOFT_APP_ID: 'not-a-guid',
      MICROSOFT_APP_PASSWORD: 'a-client-secret-123',
      MICROSOFT_APP_TENANT_ID: 'contoso.onmicrosoft.com',
      MAX_MESSAGES_PER_DAY: '50',
      PREP_INVITE_WORKING_DAYS_BEFORE: 'two',
    });
    expect(list).toEqual([
      'PORT: use a whole number from 0 to 65535, e.g. 3978 (it is "abc")',
      'SCHEDULER_CRON: is not a cron expression: five fields, or six with seconds first, e.g. "*/15 * * * * *" (every 15 seconds) (it is "every minute")',
      'MAX_MESSAGES_PER_DAY: use a whole number from 1 to 20, e.g. 3 (it is "50")',
      'PREP_INVITE_WORKING_DAYS_BEFORE: use a whole number from 1 to 10, e.g. 2 (it is "two")',
      expect.stringMatching(/^MICROSOFT_APP_ID: must be the bot's Microsoft App ID: a GUID like 0{8}-/),
    ]);
    // zod's own wording never reaches a person.
    expect(list.join('\n')).not.toMatch(/NaN|expected|received|Invalid/);
  });

  it('a port out of range and a negative one say the same', () => {
    expect(problems({ PORT: '70000' })).toEqual([
      'PORT: use a whole number from 0 to 65535, e.g. 3978 (it is "70000")',
    ]);
    expect(problems({ PORT: '-1' })[0]).toMatch(/^PORT: use a whole number/);
  });

  it('lists the words an enumerated setting accepts', () => {
    expect(problems({ LOG_LEVEL: 'loud', MICROSOFT_APP_TYPE: 'Single' })).toEqual([
      'LOG_LEVEL: use one of fatal, error, warn, info, debug, trace, silent (it is "loud")',
      'MICROSOFT_APP_TYPE: use one of SingleTenant, MultiTenant, UserAssignedMSI (it is "Single")',
    ]);
  });

  it('accepts good values: a GUID app id, five- and six-field cron, and a tenant', () => {
    const guid = '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    const config = loadConfig({
      MICROSOFT_APP_ID: guid,
      MICROSOFT_APP_PASSWORD: 'secret-value',
      MICROSOFT_APP_TENANT_ID: 'contoso.onmicrosoft.com',
      SCHEDULER_CRON: '*/1 * * * *',
      PORT: '0',
    });
    expect(config).toMatchObject({ MICROSOFT_APP_ID: guid, PORT: 0, SCHEDULER_CRON: '*/1 * * * *' });
  });

  it('never repeats a secret or a connection string', () => {
    const text = problems({
      SLACK_BOT_TOKEN: 'oops-s3cr3t-token',
      SLACK_APP_TOKEN: 'xapp-1',
      MONGODB_URI: 'http://user:pa55word@db',
      MICROSOFT_APP_ID: 'guid-ish-s3cr3t',
    }).join('\n');
    expect(text).not.toMatch(/s3cr3t|pa55word/);
  });
});

describe('start-up failures', () => {
  const config = { HOST: '0.0.0.0', PORT: 3978 };
  it('a taken port names the variable to change', () => {
    const error = Object.assign(new Error('listen EADDRINUSE: address already in use 0.0.0.0:3978'), {
      code: 'EADDRINUSE',
    });
    expect(explainStartError(error, config)).toBe(
      'Port 3978 (0.0.0.0:3978) is already in use by another program: stop that program, or set PORT to a free port (PORT=0 picks any free port).',
    );
  });
  it('a privileged port and a foreign host say what to set', () => {
    expect(explainStartError({ code: 'EACCES' }, { HOST: '0.0.0.0', PORT: 80 })).toMatch(/set PORT to 1024 or higher/);
    expect(explainStartError({ code: 'EADDRNOTAVAIL' }, { HOST: '10.9.9.9', PORT: 1 })).toMatch(
      /^HOST=10\.9\.9\.9 .* set HOST/,
    );
    expect(explainStartError(new Error('other'), config)).toBeUndefined();
  });
});

describe('log format', () => {
  it('pretty only for a person at a terminal in development; JSON otherwise', async () => {
    expect(await consoleDestination({ NODE_ENV: 'development' }, true)).toBeDefined();
    expect(await consoleDestination({ NODE_ENV: 'development' }, false)).toBeUndefined();
    expect(await consoleDestination({ NODE_ENV: 'production' }, true)).toBeUndefined();
    expect(await consoleDestination({ NODE_ENV: 'test' }, true)).toBeUndefined();
  });
});
