/**
 * Three Web API clients, on purpose (all pointed at `SLACK_API_URL`):
 *  - answer clients, one per bot token, for answers to a person who just wrote: they wait out a 429 and retry (five
 *    tries in five minutes), because the answer is not stored anywhere else (Bolt's own client is set up the same);
 *  - the messenger's client for scheduled messages: no retries, rate limits rejected, so `Retry-After` reaches the
 *    scheduler, which owns the retry timing of stored work;
 *  - a lookup client (auth.test, users.info) with short timeouts: a slow profile lookup must not hold up a turn.
 */
import { webApi, type Logger as SdkLogger } from '@slack/bolt';
import { proactiveClientOptions } from './slack.messenger.js';

export interface SlackClients {
  readonly lookup: webApi.WebClient;
  readonly proactive: webApi.WebClient;
  /** The options of clients that answer a turn (Bolt's and the answer clients). */
  readonly answerOptions: webApi.WebClientOptions;
}

/** `proactiveTimeoutMs`: the scheduler's bound on one platform call of a send (core/send-bounds.ts). */
export function slackClients(slackApiUrl: string, logger: SdkLogger, proactiveTimeoutMs?: number): SlackClients {
  return {
    lookup: new webApi.WebClient(undefined, {
      slackApiUrl,
      logger,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 1_000 },
      timeout: 5_000,
    }),
    proactive: new webApi.WebClient(undefined, { slackApiUrl, logger, ...proactiveClientOptions(proactiveTimeoutMs) }),
    answerOptions: {
      slackApiUrl,
      logger,
      retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
      timeout: 15_000,
    },
  };
}

/**
 * A client with the workspace's bot token, for answering a turn (which may be processed by another instance after a
 * crash, so the token is looked up when the request's own is not at hand). One client per token, kept.
 */
export function answerClients(
  botToken: (team: string) => Promise<string>,
  options: webApi.WebClientOptions,
): (team: string, known?: string) => Promise<webApi.WebClient> {
  const clients = new Map<string, webApi.WebClient>();
  return async (team, known) => {
    const token = known ?? (await botToken(team));
    let client = clients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, options);
      clients.set(token, client);
    }
    return client;
  };
}
