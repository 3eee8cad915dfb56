/**
 * The environment, parsed once with zod into one frozen object. A bad or missing variable stops start-up with a
 * single message that lists every problem and how to fix it (never a stack trace, never a secret's value).
 * `.env` is read when present (Node's own loader); real environment variables win over it.
 */
import { existsSync } from 'node:fs';
import cron from 'node-cron';
import { z } from 'zod';
import { decideDevConveniences, type DevConvenience } from './config-dev.js';
import { parseMasterKey } from './security/key-ring.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

const optionalString = z.string().trim().min(1).optional().catch(undefined);
const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const isValidTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const isMasterKey = (text: string): boolean => {
  try {
    parseMasterKey(text, 'ENCRYPTION_KEY');
    return true;
  } catch {
    return false;
  }
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, e.g. 09:00');

/** A whole number in a range, with a message that says what to write instead (zod's own says "received NaN"). */
const wholeNumber = (min: number, max: number, fallback: number) => {
  const hint = `use a whole number from ${min} to ${max}, e.g. ${fallback}`;
  return z
    .string()
    .trim()
    .default(String(fallback))
    .transform((v) => (v === '' ? String(fallback) : v))
    .pipe(z.string().regex(/^\d+$/, hint).transform(Number).pipe(z.number().min(min, hint).max(max, hint)));
};

/** One of a few words, listed in the message. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.enum(values, { error: `use one of ${values.join(', ')}` }).default(fallback as never);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = (what: string) =>
  optionalSecret.refine(
    (v) => v === undefined || GUID.test(v),
    `must be ${what}: a GUID like 00000000-0000-0000-0000-000000000000 (Azure portal → your bot → Configuration)`,
  );

export const envSchema = z.object({
  NODE_ENV: oneOf(['development', 'production', 'test'], 'development'),
  /** Default: 127.0.0.1 outside production, 0.0.0.0 in production (see loadConfig). */
  HOST: optionalString,
  PORT: wholeNumber(0, 65535, 3978),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  INSTANCE_ID: optionalString,

  MONGODB_URI: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .optional()
    .refine((v) => v === undefined || /^mongodb(\+srv)?:\/\//.test(v), 'must start with mongodb:// or mongodb+srv://'),
  DATA_DIR: z.string().default('./.data'),
  MONGOD_DOWNLOAD: oneOf(['auto', 'retry', 'off'], 'auto'),
  ENCRYPTION_KEY: optionalSecret.refine(
    (v) => v === undefined || isMasterKey(v),
    'must be 32 random bytes in base64 (openssl rand -base64 32)',
  ),
  ENCRYPTION_KEYS: optionalSecret.refine(
    (v) => v === undefined || v.split(',').every((k) => k.trim() === '' || isMasterKey(k)),
    'must be older 32-byte base64 keys, comma separated',
  ),
  RETENTION_DAYS_AFTER_END: wholeNumber(1, 3650, 365),
  UNINSTALL_GRACE_DAYS: wholeNumber(0, 365, 30),

  DEFAULT_LOCALE: oneOf(['en', 'nl'], 'en'),
  DEFAULT_TIME_ZONE: z
    .string()
    .default('Europe/Amsterdam')
    .refine(isValidTimeZone, 'must be an IANA time zone, e.g. Europe/Amsterdam'),
  DEFAULT_WORK_START: hhmm.default('09:00'),
  DEFAULT_WORK_END: hhmm.default('17:30'),

  WEB_CHAT: oneOf(['auto', 'on', 'off'], 'auto'),
  DEV_CLOCK: bool.optional(),

  METRICS: oneOf(['on', 'off'], 'on'),
  METRICS_TOKEN: optionalSecret,

  SCHEDULER_ENABLED: bool.default(true),
  SCHEDULER_CRON: z
    .string()
    .default('*/15 * * * * *')
    .refine(
      (v) => cron.validate(v),
      'is not a cron expression: five fields, or six with seconds first, e.g. "*/15 * * * * *" (every 15 seconds)',
    ),
  MAX_MESSAGES_PER_DAY: wholeNumber(1, 20, 3),
  PREP_INVITE_WORKING_DAYS_BEFORE: wholeNumber(1, 10, 2),
  MAX_REMINDERS_PER_AGREEMENT: wholeNumber(0, 5, 2),
  OUTBOX_LEASE_SECONDS: wholeNumber(5, 3600, 300),
  /**
   * Scheduled messages per second per Slack workspace / Teams tenant, over all instances (0: not paced). Slack's
   * chat.postMessage allows about one a second per conversation and 'several hundred a minute' per workspace; Teams
   * 50 requests a second per tenant (and 7 a second per conversation, where we send one message per person a round).
   */
  SLACK_SENDS_PER_SECOND: wholeNumber(0, 1000, 8),
  TEAMS_SENDS_PER_SECOND: wholeNumber(0, 1000, 50),
  INBOX_LEASE_SECONDS: wholeNumber(5, 3600, 60),
  STOP_GRACE_SECONDS: wholeNumber(1, 600, 25),

  SLACK_BOT_TOKEN: optionalSecret.refine(
    (v) => v === undefined || v.startsWith('xoxb-'),
    'must be a bot token starting with xoxb-',
  ),
  SLACK_SIGNING_SECRET: optionalSecret,
  SLACK_APP_TOKEN: optionalSecret.refine(
    (v) => v === undefined || v.startsWith('xapp-'),
    'must be an app-level token starting with xapp-',
  ),
  SLACK_API_URL: z.string().url().default('https://slack.com/api/'),
  SLACK_CLIENT_ID: optionalSecret,
  SLACK_CLIENT_SECRET: optionalSecret,
  SLACK_STATE_SECRET: optionalSecret,

  MICROSOFT_APP_ID: guid("the bot's Microsoft App ID"),
  MICROSOFT_APP_PASSWORD: optionalSecret,
  MICROSOFT_APP_TENANT_ID: optionalSecret,
  MICROSOFT_APP_TYPE: oneOf(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], 'SingleTenant'),
  TEAMS_DEV_NO_AUTH: bool.default(false),
  BOT_CONNECTOR_URL: optionalString,
});

/**
 * Variables that only make sense together. Checked on the raw environment, next to the field checks, so a bad PORT
 * and a missing MICROSOFT_APP_PASSWORD are reported in the same message rather than one after the other.
 */
function companionProblems(raw: NodeJS.ProcessEnv): { path: string; message: string }[] {
  const set = (name: string) => Boolean(raw[name]?.trim());
  const problems: { path: string; message: string }[] = [];
  if (set('SLACK_BOT_TOKEN') && !set('SLACK_APP_TOKEN') && !set('SLACK_SIGNING_SECRET')) {
    problems.push({
      path: 'SLACK_SIGNING_SECRET',
      message: 'Slack needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) next to SLACK_BOT_TOKEN',
    });
  }
  const oauth = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'].filter(set).length;
  if (oauth > 0 && oauth < 3) {
    problems.push({
      path: 'SLACK_CLIENT_ID',
      message: 'multi-workspace install needs all of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET',
    });
  }
  const appType = raw.MICROSOFT_APP_TYPE?.trim() || 'SingleTenant';
  if (set('MICROSOFT_APP_ID') && appType !== 'UserAssignedMSI' && !set('MICROSOFT_APP_PASSWORD')) {
    problems.push({
      path: 'MICROSOFT_APP_PASSWORD',
      message: 'Teams needs MICROSOFT_APP_PASSWORD next to MICROSOFT_APP_ID (or MICROSOFT_APP_TYPE=UserAssignedMSI)',
    });
  }
  if (set('MICROSOFT_APP_ID') && appType !== 'MultiTenant' && !set('MICROSOFT_APP_TENANT_ID')) {
    problems.push({ path: 'MICROSOFT_APP_TENANT_ID', message: `a ${appType} Teams bot needs MICROSOFT_APP_TENANT_ID` });
  }
  return problems;
}

/** Values that may be repeated in the start-up message: never a secret, never a URI that may hold a password. */
const mayEcho = (name: string): boolean => !/TOKEN|SECRET|PASSWORD|MONGODB_URI|CLIENT_ID|APP_ID|TENANT/.test(name);

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, 'HOST'> {
  /** NODE_ENV is not production. */
  readonly isDevelopment: boolean;
  /** The interface to bind: HOST, else 127.0.0.1 in development and 0.0.0.0 in production. */
  readonly HOST: string;
  /** No Slack or Teams credentials and NODE_ENV not production: the development conveniences may run. */
  readonly localDemo: boolean;
  /** Development conveniences running outside the local demo because they were forced (warned at every start). */
  readonly forced: readonly DevConvenience[];
  readonly devClock: boolean;
  readonly slack: 'off' | 'http' | 'socket';
  readonly teams: 'off' | 'auth' | 'dev-no-auth';
  readonly webChat: boolean;
}

export class ConfigError extends Error {
  readonly code = 'config_invalid';
  constructor(readonly problems: string[]) {
    super(
      `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example and the README's configuration table.`,
    );
  }
}

/** Parses an environment (default: process.env) into the frozen Config, or throws one ConfigError listing every problem. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(source);
  const problems = (parsed.success ? [] : parsed.error.issues).map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const given = source[String(issue.path[0])];
    const hint =
      given === undefined || given === ''
        ? ' (not set)'
        : mayEcho(String(issue.path[0])) && given.length <= 80
          ? ` (it is "${given}")`
          : '';
    return `${name}: ${issue.message}${hint}`;
  });
  for (const p of companionProblems(source)) problems.push(`${p.path}: ${p.message} (not set)`);
  if (!parsed.success) throw new ConfigError(problems);
  const env = parsed.data;
  const isDevelopment = env.NODE_ENV !== 'production';
  const slack = env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID ? (env.SLACK_APP_TOKEN ? 'socket' : 'http') : 'off';
  const dev = decideDevConveniences({ ...env, slack, rawNodeEnv: source.NODE_ENV });
  for (const p of dev.problems) problems.push(`${p.path}: ${p.message}`);
  if (problems.length > 0) throw new ConfigError(problems);
  const teams = env.MICROSOFT_APP_ID ? 'auth' : dev.teamsNoAuth ? 'dev-no-auth' : 'off';
  const HOST = env.HOST ?? (isDevelopment ? '127.0.0.1' : '0.0.0.0');
  return Object.freeze({
    ...env,
    HOST,
    isDevelopment,
    localDemo: dev.localDemo,
    forced: dev.forced,
    devClock: dev.devClock,
    slack,
    teams,
    webChat: dev.webChat,
  });
}

/** Reads `.env` into process.env when the file exists; variables already set are kept. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
