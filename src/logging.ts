/**
 * The `Logger` port on pino: one JSON object per line on stdout, the level from LOG_LEVEL.
 *
 * Secrets are removed before pino sees anything, in three ways, because one alone leaks:
 *  - by key, at any depth: `token`, `password`, `secret`, `authorization`, `cookie`, `apiKey`, any `SLACK_*` and
 *    `MICROSOFT_APP_PASSWORD` (pino's own `redact` paths only reach fixed depths, so they are not used);
 *  - by shape, inside any string (messages, error messages, stacks): Slack tokens, bearer tokens, JWTs, the
 *    password of a `mongodb://user:password@` connection string, and e-mail addresses (personal data);
 *  - by value: every secret in the configuration, wherever it turns up verbatim.
 * Pitfall: redaction walks what it is given; do not log whole SDK objects (they are large and may be cyclic —
 * cycles and depth are cut, not followed).
 */
import { pino, type DestinationStream, type Level } from 'pino';
import type { Config } from './config.js';
import type { Logger } from './core/logger.js';

export const REDACTED = '[redacted]';

const secretKey =
  /(token|passw(or)?d|secret|authorization|cookie|api[-_]?key|credential|^slack_|^microsoft_app_password$)/i;

const secretShapes: readonly [RegExp, string][] = [
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, REDACTED],
  [/\bxapp-[A-Za-z0-9-]+/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/(mongodb(?:\+srv)?:\/\/[^:@/\s]+:)[^@/\s]+@/gi, `$1${REDACTED}@`],
  // E-mail addresses are personal data: never in the log, whoever logs them.
  [/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g, '[e-mail]'],
];

/** The configuration's secret values; they are scrubbed wherever they appear verbatim. */
export function configSecrets(config: Partial<Config>): string[] {
  const values: unknown[] = [
    config.SLACK_BOT_TOKEN,
    config.SLACK_APP_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_CLIENT_SECRET,
    config.SLACK_STATE_SECRET,
    config.MICROSOFT_APP_PASSWORD,
    config.ENCRYPTION_KEY,
    config.METRICS_TOKEN,
    ...(config.ENCRYPTION_KEYS?.split(',').map((k) => k.trim()) ?? []),
  ];
  const uriPassword = config.MONGODB_URI?.match(/\/\/[^:@/]+:([^@/]+)@/)?.[1];
  if (uriPassword) values.push(uriPassword, decodeURIComponent(uriPassword));
  // Very short values would blank out ordinary words; such a "secret" is not one anyway.
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length >= 6))];
}

/** Builds the scrubber used on every string that reaches the log. */
export function createScrubber(secrets: readonly string[] = []): (text: string) => string {
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of sorted) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    for (const [shape, replacement] of secretShapes) out = out.replace(shape, replacement);
    return out;
  };
}

const MAX_DEPTH = 8;

/** A redacted, JSON-safe copy of `value`: secret keys blanked, strings scrubbed, errors flattened, cycles cut. */
export function redactFields(
  value: unknown,
  scrub: (text: string) => string = createScrubber(),
  depth = 0,
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return typeof value === 'bigint' ? value.toString() : value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[cycle]';
  if (depth >= MAX_DEPTH) return '[depth]';
  seen.add(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    const out: Record<string, unknown> = { type: value.name, message: scrub(value.message) };
    if (code !== undefined) out.code = redactFields(code, scrub, depth + 1, seen);
    if (value.stack) out.stack = scrub(value.stack);
    if (value.cause !== undefined) out.cause = redactFields(value.cause, scrub, depth + 1, seen);
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => redactFields(item, scrub, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      secretKey.test(key) && item !== undefined && item !== null && item !== ''
        ? REDACTED
        : redactFields(item, scrub, depth + 1, seen);
  }
  return out;
}

export interface LoggerOptions {
  readonly level: Level | 'silent';
  /** Exact secret values to scrub (see `configSecrets`). */
  readonly secrets?: readonly string[];
  /** Defaults to stdout; tests pass a stream to read what was written. */
  readonly destination?: DestinationStream;
  /** Fields on every line (e.g. the instance id). */
  readonly base?: Record<string, unknown>;
}

class PinoLogger implements Logger {
  constructor(
    private readonly target: pino.Logger,
    private readonly scrub: (text: string) => string,
  ) {}
  private fields(fields: Record<string, unknown>): Record<string, unknown> {
    return redactFields(fields, this.scrub) as Record<string, unknown>;
  }
  debug(fields: Record<string, unknown>, message: string): void {
    if (this.target.isLevelEnabled('debug')) this.target.debug(this.fields(fields), this.scrub(message));
  }
  info(fields: Record<string, unknown>, message: string): void {
    if (this.target.isLevelEnabled('info')) this.target.info(this.fields(fields), this.scrub(message));
  }
  warn(fields: Record<string, unknown>, message: string): void {
    if (this.target.isLevelEnabled('warn')) this.target.warn(this.fields(fields), this.scrub(message));
  }
  error(fields: Record<string, unknown>, message: string): void {
    if (this.target.isLevelEnabled('error')) this.target.error(this.fields(fields), this.scrub(message));
  }
  child(fields: Record<string, unknown>): Logger {
    return new PinoLogger(this.target.child(this.fields(fields)), this.scrub);
  }
  enabled(level: 'debug' | 'info' | 'warn' | 'error'): boolean {
    return this.target.isLevelEnabled(level);
  }
}

/** The process logger. Timestamps are ISO 8601 UTC (`time`), levels are names (`"level":"info"`). */
export function createLogger(options: LoggerOptions): Logger {
  const scrub = createScrubber(options.secrets);
  const target = pino(
    {
      level: options.level,
      base: options.base ? (redactFields(options.base, scrub) as Record<string, unknown>) : { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors are already flattened and scrubbed by redactFields; pino's own serializer would re-wrap them.
      serializers: { err: (value: unknown) => value },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
  return new PinoLogger(target, scrub);
}

/**
 * Where main.ts writes: pretty, coloured lines (pino-pretty, a development dependency) when a person watches a
 * terminal in development; JSON lines otherwise (production, tests, pipes, files, log collectors). Secrets are
 * scrubbed before either sees a line.
 */
export async function consoleDestination(
  config: Pick<Config, 'NODE_ENV'>,
  isTTY: boolean = process.stdout.isTTY === true,
): Promise<DestinationStream | undefined> {
  if (config.NODE_ENV !== 'development' || !isTTY) return undefined;
  try {
    const { default: pretty } = await import('pino-pretty');
    return pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  } catch {
    return undefined; // not installed (an image built without development dependencies): JSON it is
  }
}

/** The logger main.ts uses: level and secrets from the configuration. */
export function createLoggerFromConfig(config: Readonly<Config>, destination?: DestinationStream): Logger {
  return createLogger({
    level: config.LOG_LEVEL,
    secrets: configSecrets(config),
    base: { pid: process.pid, ...(config.INSTANCE_ID ? { instance: config.INSTANCE_ID } : {}) },
    ...(destination ? { destination } : {}),
  });
}
