/**
 * The Bot Framework transport: a CloudAdapter with ConfigurationBotFrameworkAuthentication, and the express handler
 * for `POST /api/messages`.
 *
 * Microsoft archived botbuilder in favour of the Microsoft 365 Agents SDK. Every botbuilder import stays in this
 * folder, so moving to the Agents SDK touches nothing else.
 *
 * Pitfalls:
 *  - Without an app id the SDK accepts every request unauthenticated. That is only allowed with TEAMS_DEV_NO_AUTH=true
 *    (config refuses it in production) and startTeams says so loudly.
 *  - The SDK's HTTP pipeline retries 429 and 5xx by itself, sleeping for `Retry-After` (up to minutes) while a
 *    scheduler delivery holds its lease. We strip that retry policy from every connector client, so failures come
 *    back at once and the dispatcher retries on its own schedule (see delivery.errors).
 *  - Authentication runs before the turn, separately, so a 401 is never confused with a 403 or 404 that the
 *    connector returned while we answered.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../../config.js';
import type { Logger } from '../../core/logger.js';
import { activitySchema } from './activity.translator.js';

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;
type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type ClaimsIdentity = Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>[0];
export type TurnLogic = (context: TurnContext) => Promise<void>;

/** The public Bot Framework audience for proactive calls. */
export const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';
const RETRY_POLICY_NAME = 'defaultRetryPolicy';

/** ConfigurationBotFrameworkAuthentication whose connector clients do not retry on their own. */
class NoRetryAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    settings: Record<string, string>,
    private readonly logger: Logger,
  ) {
    super(settings);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const inner = super.createConnectorFactory(claimsIdentity);
    const logger = this.logger;
    return {
      async create(serviceUrl: string, audience?: string) {
        const client = await inner.create(serviceUrl, audience);
        if (!removeRetryPolicy(client))
          logger.warn({}, 'teams: could not switch off the SDK retry policy; deliveries may wait for Retry-After');
        return client;
      },
    };
  }
}

/** Reaches the core-client pipeline behind the SDK's ServiceClientContext (a private field) to drop its retries. */
function removeRetryPolicy(client: object): boolean {
  const inner: unknown = Reflect.get(client, 'client');
  if (typeof inner !== 'object' || inner === null) return false;
  const pipeline: unknown = Reflect.get(inner, 'pipeline');
  if (typeof pipeline !== 'object' || pipeline === null) return false;
  const remove: unknown = Reflect.get(pipeline, 'removePolicy');
  if (typeof remove !== 'function') return false;
  remove.call(pipeline, { name: RETRY_POLICY_NAME });
  return true;
}

/** CloudAdapter that exposes authentication and the turn separately (both are protected in CloudAdapterBase). */
export class TeamsCloudAdapter extends CloudAdapter {
  authenticate(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
  }

  run(auth: AuthenticateRequestResult, activity: Activity, logic: TurnLogic): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** The SDK's settings from our configuration. An empty app id means "authentication off" to the SDK. */
export function authSettings(config: Readonly<Config>): Record<string, string> {
  if (config.teams !== 'auth' || !config.MICROSOFT_APP_ID)
    return { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' };
  return {
    MicrosoftAppId: config.MICROSOFT_APP_ID,
    MicrosoftAppType: config.MICROSOFT_APP_TYPE,
    ...(config.MICROSOFT_APP_PASSWORD ? { MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD } : {}),
    ...(config.MICROSOFT_APP_TENANT_ID ? { MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID } : {}),
  };
}

export function createTeamsAdapter(config: Readonly<Config>, logger: Logger): TeamsCloudAdapter {
  return new TeamsCloudAdapter(new NoRetryAuthentication(authSettings(config), logger));
}

/** The SDK's own Activity type for a body our schema accepts: every field the turn reads is checked, the rest passes through. */
const sdkActivity = z.custom<Activity>((body) => activitySchema.safeParse(body).success);

/**
 * `POST /api/messages`: parse, authenticate, run the turn, answer with the invoke response when there is one.
 * Never echoes an error message to the caller.
 */
export function messagesHandler(adapter: TeamsCloudAdapter, logic: TurnLogic, logger: Logger): RequestHandler {
  return async (req, res) => {
    const parsed = activitySchema.safeParse(req.body);
    if (!parsed.success) {
      logger.debug({ issues: parsed.error.issues.length }, 'teams: refused a request that is not an activity');
      res.status(400).json({ error: 'bad_request' });
      return;
    }
    const activity = sdkActivity.parse(parsed.data);
    const header = req.headers.authorization;
    let auth: AuthenticateRequestResult;
    try {
      auth = await adapter.authenticate(activity, typeof header === 'string' ? header : '');
    } catch (error) {
      logger.warn(
        { type: parsed.data.type, reason: error instanceof Error ? error.message : 'unknown' },
        'teams: request refused, authentication failed',
      );
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    try {
      const invoke = await adapter.run(auth, activity, logic);
      // The SDK answers an invoke no handler took with 501; for us that is input we do not act on, not a fault.
      if (invoke?.status === 501) {
        res.status(400).json({ error: 'not_supported' });
        return;
      }
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) res.json(invoke.body);
      else res.end();
    } catch (error) {
      logger.error(
        { type: parsed.data.type, err: error instanceof Error ? error.message : 'unknown' },
        'teams: turn failed',
      );
      if (!res.headersSent) res.status(500).json({ error: 'internal' });
    }
  };
}
