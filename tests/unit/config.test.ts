import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemsOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('gives working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3978,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DEFAULT_LOCALE: 'en',
      DEFAULT_TIME_ZONE: 'Europe/Amsterdam',
      slack: 'off',
      teams: 'off',
      webChat: true,
      devClock: true,
    });
    expect(config.MONGODB_URI).toBeUndefined();
  });

  it('is one frozen object', () => {
    const config = loadConfig({ PORT: '8080' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { PORT: number }).PORT = 1;
    }).toThrow(TypeError);
    expect(config.PORT).toBe(8080);
  });

  it('lists every invalid variable in ONE error, without echoing a secret', () => {
    const error = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      MONGODB_URI: 'postgres://nope',
      DEFAULT_TIME_ZONE: 'Mars/Olympus',
      DEFAULT_WORK_START: '9am',
      SLACK_BOT_TOKEN: 'not-a-token-s3cr3t',
    });
    // The bad token and its missing companion (no signing secret or app token) are reported together.
    const names = [
      'PORT',
      'LOG_LEVEL',
      'MONGODB_URI',
      'DEFAULT_TIME_ZONE',
      'DEFAULT_WORK_START',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
    ];
    expect(error.problems).toHaveLength(names.length);
    for (const name of names) expect(error.problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    expect(error.message).toMatch(/^The configuration has 7 problems:/);
    expect(error.message).toContain('.env.example');
    expect(error.message).not.toContain('not-a-token-s3cr3t');
    expect(error.code).toBe('config_invalid');
  });

  it('lists every missing companion variable in ONE error', () => {
    const error = problemsOf({
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_CLIENT_ID: 'id',
      MICROSOFT_APP_ID: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
    });
    const names = ['SLACK_SIGNING_SECRET', 'SLACK_CLIENT_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'];
    expect(error.problems).toHaveLength(names.length);
    for (const name of names) expect(error.problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
  });

  it('names a missing companion variable', () => {
    const error = problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-3' });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^SLACK_SIGNING_SECRET: .*SLACK_APP_TOKEN/);
  });

  it('refuses Teams without authentication in production', () => {
    expect(problemsOf({ NODE_ENV: 'production', TEAMS_DEV_NO_AUTH: 'true' }).problems[0]).toMatch(
      /^TEAMS_DEV_NO_AUTH:/,
    );
  });
});
