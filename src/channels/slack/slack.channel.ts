/**
 * Starts the Slack channel: Bolt 5 with either
 *  - HTTP: Bolt's own `ExpressReceiver` mounted on the shared router at `/slack/events` (Bolt verifies every request's
 *    signature and its 5-minute timestamp window; nothing here bypasses that), or
 *  - Socket Mode (`SLACK_APP_TOKEN`): Bolt's `SocketModeReceiver`, no public URL needed.
 * Tokens come from one bot token (default) or from OAuth installations in MongoDB (`/slack/install`,
 * `/slack/oauth_redirect` on the shared router in both modes), with token rotation.
 *
 * Three Web API clients, on purpose (all pointed at `SLACK_API_URL`):
 *  - Bolt's client for answers to a person who just wrote: it waits out a 429 and retries (five tries in five
 *    minutes), because the answer is not stored anywhere else;
 *  - the messenger's client for scheduled messages: no retries, rate limits rejected, so `Retry-After` reaches the
 *    scheduler, which owns the retry timing of stored work;
 *  - a lookup client (auth.test, users.info) with short timeouts: a slow profile lookup must not hold up a turn.
 */
import { App, ExpressReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import { InstallProvider } from '@slack/oauth';
import type { Request, Response } from 'express';
import { setTimeout as delay } from 'node:timers/promises';
import type { ChannelContext, ChannelHandle } from '../channel.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { boltLogger } from './bolt-logger.adapter.js';
import { FormCodec } from './form.codec.js';
import { SlackInstallationStore } from './installation.store.js';
import { InstallationAuthorizer, SingleWorkspaceAuthorizer, type SlackAuthorizer } from './slack.authorizer.js';
import { SlackDirectory } from './slack.directory.js';
import { slackGate, type Origin } from './slack.gate.js';
import { SlackEdge } from './slack.listeners.js';
import { SlackInbox } from './slack.inbox.js';
import { acknowledgeEventsWhenStored } from './slack.socket-ack.js';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { proactiveClientOptions, SlackMessenger } from './slack.messenger.js';

/** The bot scopes the OAuth install asks for; keep in step with manifests/slack/manifest.yaml. */
export const SLACK_BOT_SCOPES = [
  'chat:write',
  'im:history',
  'im:write',
  'users:read',
  'users:read.email',
  'commands',
  'files:write',
] as const;

export interface SlackHandle extends ChannelHandle {
  readonly channel: 'slack';
  readonly messenger: SlackMessenger;
  readonly directory: SlackDirectory;
  /** Resolves when every turn in progress has been answered. */
  idle(): Promise<void>;
}

export interface SlackOptions {
  /** How long a modal submit waits for the engine (default 2,000 ms). */
  readonly submitDeadlineMs?: number;
  /**
   * How long start-up waits for the Socket Mode connection (default 10 s). A refused token fails start-up at once;
   * an unreachable Slack does not block start-up longer than this: the client keeps trying in the background.
   */
  readonly connectWaitMs?: number;
  /** How long stop() waits for turns in progress when not told (default 5 s; the runtime passes its own bound). */
  readonly stopGraceMs?: number;
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`);

/** Starts Slack when it is configured; null when `config.slack` is 'off'. */
export async function startSlack(ctx: ChannelContext, options: SlackOptions = {}): Promise<SlackHandle | null> {
  const { config } = ctx;
  if (config.slack === 'off') return null;
  const logger = ctx.logger.child({ channel: 'slack' });
  const sdkLogger = boltLogger(logger);
  const slackApiUrl = withSlash(config.SLACK_API_URL);

  const lookupClient = new webApi.WebClient(undefined, {
    slackApiUrl,
    logger: sdkLogger,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, minTimeout: 200, maxTimeout: 1_000 },
    timeout: 5_000,
  });
  const proactiveClient = new webApi.WebClient(undefined, {
    slackApiUrl,
    logger: sdkLogger,
    ...proactiveClientOptions,
  });

  const single = config.SLACK_BOT_TOKEN
    ? new SingleWorkspaceAuthorizer(lookupClient, config.SLACK_BOT_TOKEN)
    : undefined;
  let auth: SlackAuthorizer;
  let installations: SlackInstallationStore | undefined;
  const oauth = config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET;
  let authorizer: InstallationAuthorizer | undefined;
  if (oauth) {
    installations = new SlackInstallationStore(ctx.stores.slackInstallations);
    const installer = new InstallProvider({
      clientId: config.SLACK_CLIENT_ID ?? '',
      clientSecret: config.SLACK_CLIENT_SECRET ?? '',
      stateSecret: config.SLACK_STATE_SECRET ?? '',
      installationStore: installations,
      logger: sdkLogger,
      clientOptions: { slackApiUrl },
    });
    mountInstallRoutes(ctx, installer);
    authorizer = new InstallationAuthorizer(installer, single);
    auth = authorizer;
  } else if (single) {
    auth = single;
  } else {
    throw new AppError(
      'config_invalid',
      'Slack needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID with SLACK_CLIENT_SECRET and SLACK_STATE_SECRET',
    );
  }

  let receiver: Receiver;
  if (config.slack === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN ?? '',
      logger: sdkLogger,
      installerOptions: { clientOptions: { slackApiUrl } },
    });
  } else {
    if (!config.SLACK_SIGNING_SECRET)
      throw new AppError(
        'config_invalid',
        'Slack over HTTP needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)',
      );
    // Shapes are checked before Bolt routes a signed body (slack.gate.ts): malformed input gets a 400 at once.
    // A single-workspace install (no OAuth) refuses bodies from any other workspace there, with a 403.
    const serves = !oauth && single ? (origin: Origin) => single.servesOrigin(origin) : undefined;
    ctx.router.post('/slack/events', slackGate(config.SLACK_SIGNING_SECRET, logger, serves ? { serves } : {}));
    receiver = new ExpressReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      router: ctx.router,
      endpoints: '/slack/events',
      logger: sdkLogger,
      // The 200 goes out when the listener returns, i.e. once the event is stored in the inbox (slack.inbox.ts).
      processBeforeResponse: true,
    });
  }

  const app = new App({
    receiver,
    authorize: (source) => auth.authorize(source),
    logger: sdkLogger,
    clientOptions: {
      slackApiUrl,
      logger: sdkLogger,
      retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
      timeout: 15_000,
    },
    convoStore: false,
    ignoreSelf: true,
  });
  // Socket Mode: a DM's envelope is acknowledged once the event is stored, as over HTTP (slack.socket-ack.ts).
  if (receiver instanceof SocketModeReceiver) acknowledgeEventsWhenStored(receiver, () => app, logger);

  const directory = new SlackDirectory(lookupClient, auth, logger);
  const codec = new FormCodec(ctx.stores.slackForms);
  const answerClients = new Map<string, webApi.WebClient>();
  const clientFor = async (team: string, known?: string): Promise<webApi.WebClient> => {
    const token = known ?? (await auth.botToken(team));
    let client = answerClients.get(token);
    if (!client) {
      client = new webApi.WebClient(token, {
        slackApiUrl,
        logger: sdkLogger,
        retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
        timeout: 15_000,
      });
      answerClients.set(token, client);
    }
    return client;
  };
  const inboxLeaseMs = config.INBOX_LEASE_SECONDS * 1000;
  const inbox: SlackInbox = new SlackInbox({
    inbox: ctx.inbox,
    owner: `${config.INSTANCE_ID ?? hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`,
    leaseMs: inboxLeaseMs,
    logger,
    run: (job, attempt, token) => edge.runJob(job, attempt, token),
    track: (work) => edge.track(work, 'turns'),
  });
  const edge = new SlackEdge({
    engine: ctx.engine,
    clientFor,
    inbox: () => inbox,
    dashboard: ctx.dashboard,
    directory,
    codec,
    logger,
    ...(options.submitDeadlineMs !== undefined ? { submitDeadlineMs: options.submitDeadlineMs } : {}),
    onActive: async (identity) => ctx.removals?.comeBack(identity),
    // Single and multi-workspace alike: messages to the workspace stop at once; its data goes after the grace period.
    onUninstalled: async (teamId: string) => {
      if (installations) {
        await installations.deleteInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
        authorizer?.forget(teamId);
      }
      const people = await ctx.removals?.stopSpace({ channel: 'slack', tenantId: teamId }, ctx.clock.now());
      logger.info(
        { teamId, people: people?.length ?? 0 },
        'slack app uninstalled from a workspace: its messages stopped',
      );
    },
  });
  edge.register(app);
  inbox.startSweeping(Math.max(1_000, Math.min(inboxLeaseMs / 4, 15_000)));

  const messenger = new SlackMessenger({
    client: proactiveClient,
    auth,
    codec,
    logger,
    schedulerNow: () => ctx.clock.now().getTime(),
  });

  if (config.slack === 'socket') await connectSocketMode(app, logger, options.connectWaitMs ?? 10_000);

  const mode = `${config.slack === 'socket' ? 'socket mode' : 'http at /slack/events'}${oauth ? ', install at /slack/install' : ''}`;
  return {
    channel: 'slack',
    messenger,
    directory,
    mode,
    idle: () => edge.idle(),
    inFlight: () => prefixed('slack ', edge.inFlight()),
    async stop(graceMs?: number) {
      inbox.stop();
      if (config.slack === 'socket')
        await app
          .stop()
          .catch((error: unknown) =>
            logger.warn(
              { err: error instanceof Error ? error.message : String(error) },
              'slack socket mode stop failed',
            ),
          );
      const waitMs = graceMs ?? options.stopGraceMs ?? 5_000;
      const grace = new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
      await Promise.race([edge.idle(), grace]);
    },
  };
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([kind, n]) => [`${prefix}${kind}`, n]));
}

/** Connects Socket Mode: a definitive refusal (bad app token) stops start-up; a slow or unreachable Slack does not. */
async function connectSocketMode(app: App, logger: Logger, waitMs: number): Promise<void> {
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

/** `/slack/install` (the "Add to Slack" page) and `/slack/oauth_redirect` (stores the installation) on the shared router. */
function mountInstallRoutes(ctx: ChannelContext, installer: InstallProvider): void {
  const logger = ctx.logger.child({ channel: 'slack', route: 'oauth' });
  const fail = (res: Response, error: unknown): void => {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'slack install failed');
    if (!res.headersSent)
      res.status(500).type('text/plain').send('The Slack installation did not complete. Please try again.');
  };
  ctx.router.get('/slack/install', async (req: Request, res: Response) => {
    try {
      await installer.handleInstallPath(req, res, {}, { scopes: [...SLACK_BOT_SCOPES] });
    } catch (error) {
      fail(res, error);
    }
  });
  ctx.router.get('/slack/oauth_redirect', async (req: Request, res: Response) => {
    try {
      await installer.handleCallback(req, res);
    } catch (error) {
      fail(res, error);
    }
  });
}
