/**
 * How Slack reaches the bot: Bolt's own `ExpressReceiver` mounted on the shared router at `/slack/events` (Bolt
 * verifies every request's signature and its 5-minute timestamp window; nothing here bypasses that), or Socket Mode
 * (`SLACK_APP_TOKEN`): Bolt's `SocketModeReceiver`, no public URL needed.
 */
import { ExpressReceiver, SocketModeReceiver, type App, type Logger as SdkLogger, type Receiver } from '@slack/bolt';
import { setTimeout as delay } from 'node:timers/promises';
import type { ChannelContext } from '../channel.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { SingleWorkspaceAuthorizer } from './slack.authorizer.js';
import { slackGate, type Origin } from './slack.gate.js';

/**
 * The receiver the configuration asks for. Over HTTP, shapes are checked before Bolt routes a signed body
 * (slack.gate.ts): malformed input gets a 400 at once, and a single-workspace install (`only`: no OAuth) refuses
 * bodies from any other workspace with a 403.
 */
export function slackReceiver(
  ctx: ChannelContext,
  sdkLogger: SdkLogger,
  slackApiUrl: string,
  only: SingleWorkspaceAuthorizer | undefined,
): Receiver {
  const { config } = ctx;
  if (config.slack === 'socket')
    return new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN ?? '',
      logger: sdkLogger,
      installerOptions: { clientOptions: { slackApiUrl } },
    });
  if (!config.SLACK_SIGNING_SECRET)
    throw new AppError(
      'config_invalid',
      'Slack over HTTP needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  const logger = ctx.logger.child({ channel: 'slack' });
  const serves = only ? (origin: Origin) => only.servesOrigin(origin) : undefined;
  ctx.router.post('/slack/events', slackGate(config.SLACK_SIGNING_SECRET, logger, serves ? { serves } : {}));
  return new ExpressReceiver({
    signingSecret: config.SLACK_SIGNING_SECRET,
    router: ctx.router,
    endpoints: '/slack/events',
    logger: sdkLogger,
    // The 200 goes out when the listener returns, i.e. once the event is stored in the inbox (slack.inbox.ts).
    processBeforeResponse: true,
  });
}

/** Connects Socket Mode: a definitive refusal (bad app token) stops start-up; a slow or unreachable Slack does not. */
export async function connectSocketMode(app: App, logger: Logger, waitMs: number): Promise<void> {
  const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  const started = app.start().then(
    () => ({ kind: 'connected' as const }),
    (error: unknown) => ({ kind: 'failed' as const, error }),
  );
  const timer = new AbortController();
  const outcome = await Promise.race([
    started,
    delay(waitMs, { kind: 'waiting' as const }, { signal: timer.signal }).catch(() => ({ kind: 'waiting' as const })),
  ]);
  timer.abort();
  if (outcome.kind === 'failed')
    throw new AppError('channel_error', `Slack Socket Mode could not connect: ${describe(outcome.error)}`, {
      cause: outcome.error,
    });
  if (outcome.kind === 'waiting') {
    logger.warn({ waitedMs: waitMs }, 'slack socket mode is not connected yet; it keeps trying in the background');
    void started.then((later) => {
      if (later.kind === 'connected') logger.info({}, 'slack socket mode connected');
      else logger.error({ err: describe(later.error) }, 'slack socket mode could not connect');
    });
  }
}
