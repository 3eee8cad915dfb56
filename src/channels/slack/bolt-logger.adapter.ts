/**
 * Bolt, the Web API client and the OAuth installer log through `@slack/logger`'s interface; this hands their lines to
 * our `Logger` port, so they are structured and scrubbed like everything else.
 * Pitfall: the SDKs log free-form arguments: at debug level whole request bodies, and "http request result" echoes of
 * what the bot sent (chat.postMessage answers with the message) and of profiles (users.info with e-mails). Only their
 * words are kept (see describe); never pass SDK arguments as fields.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

/**
 * The SDKs' words without their data: each string part up to the first `{`, `[` or quote-delimited value, error
 * parts as their name and message, objects left out. "http request result: {…}" keeps "http request result:";
 * "apiCall('chat.postMessage') start" stays whole. What was sent, received or written never reaches the log.
 */
const SAFE_WORDS = /^[^{["\n]*/;
const EMAIL = /[^\s@'"<>]+@[^\s@'"<>]+\.[a-z]{2,}/gi;
const describe = (parts: readonly unknown[]): string =>
  parts
    .map((part) =>
      typeof part === 'string'
        ? (SAFE_WORDS.exec(part)?.[0] ?? '').replace(EMAIL, '[e-mail]').slice(0, 200)
        : part instanceof Error
          ? `${part.name}: ${(SAFE_WORDS.exec(part.message)?.[0] ?? '').replace(EMAIL, '[e-mail]').slice(0, 200)}`
          : '',
    )
    .filter((text) => text !== '')
    .join(' ')
    .slice(0, 500);

/** Our logger as a `@slack/logger` Logger. The level is decided by our logger; setLevel only records the request. */
export function boltLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  const fields = { component: 'slack-sdk' };
  return {
    debug: (...msg: unknown[]) => {
      // The Web API client logs several debug lines per call: not even described when debug is off.
      if (logger.enabled?.('debug') === false) return;
      const text = describe(msg);
      // Request bodies and Socket Mode payloads are cut by describe(); these lines would be empty shells.
      if (!/^(http (request|response) (body|headers)|Received a message on the WebSocket)/.test(text))
        logger.debug(fields, text);
    },
    info: (...msg: unknown[]) => logger.info(fields, describe(msg)),
    warn: (...msg: unknown[]) => logger.warn(fields, describe(msg)),
    error: (...msg: unknown[]) => logger.error(fields, describe(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
