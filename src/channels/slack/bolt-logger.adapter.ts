/**
 * Bolt, the Web API client and the OAuth installer log through `@slack/logger`'s interface; this hands their lines to
 * our `Logger` port, so they are structured and scrubbed like everything else.
 * Pitfall: the SDKs log free-form arguments (sometimes whole request bodies at debug level). They are joined into
 * one string and passed as the message, where the process logger's scrubber removes token shapes; never pass them as
 * fields, where an SDK object could be large or cyclic.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

const describe = (parts: readonly unknown[]): string =>
  parts
    .map((part) =>
      typeof part === 'string' ? part : part instanceof Error ? `${part.name}: ${part.message}` : safeJson(part),
    )
    .join(' ')
    .slice(0, 2_000);

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Our logger as a `@slack/logger` Logger. The level is decided by our logger; setLevel only records the request. */
export function boltLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  const fields = { component: 'slack-sdk' };
  return {
    debug: (...msg: unknown[]) => {
      const text = describe(msg);
      // At debug level the SDKs log request bodies and Socket Mode payloads: that is what a person wrote. Never keep it.
      if (
        !/^(http (request|response) (body|headers)|Received a message on the WebSocket|Unable to parse an incoming WebSocket)/.test(
          text,
        )
      )
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
