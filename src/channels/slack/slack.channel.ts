/**
 * Starts the Slack channel: Bolt 5 over HTTP or Socket Mode (slack.receiver.ts), with tokens from one bot token or
 * OAuth installations (slack.install.ts) and three Web API clients (slack.clients.ts). Listeners store each turn in
 * the inbox before Slack is acknowledged (slack.listeners.ts, slack.inbox.ts); turns are run and answered by
 * slack.turns.ts and slack.answers.ts; scheduled messages go through the messenger (slack.messenger.ts).
 */
import { App, SocketModeReceiver } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChannelContext, ChannelHandle } from '../channel.js';
import type { Logger } from '../../core/logger.js';
import { sendBounds } from '../../core/send-bounds.js';
import { boltLogger } from './bolt-logger.adapter.js';
import { FormCodec } from './form.codec.js';
import { SlackAnswers } from './slack.answers.js';
import { answerClients, slackClients, type SlackClients } from './slack.clients.js';
import { SlackDirectory } from './slack.directory.js';
import { SlackInbox } from './slack.inbox.js';
import { slackAuthorization, type SlackAuthorization } from './slack.install.js';
import { SlackListeners } from './slack.listeners.js';
import { SlackMessenger } from './slack.messenger.js';
import { acknowledgeEventsWhenStored } from './slack.socket-ack.js';
import { connectSocketMode, slackReceiver } from './slack.receiver.js';
import { SlackTurns } from './slack.turns.js';

export { SLACK_BOT_SCOPES } from './slack.install.js';

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
  const clients = slackClients(slackApiUrl, sdkLogger, sendBounds(config.OUTBOX_LEASE_SECONDS * 1000).timeoutMs);
  const authorization = slackAuthorization(ctx, clients.lookup, sdkLogger, slackApiUrl);
  const receiver = slackReceiver(
    ctx,
    sdkLogger,
    slackApiUrl,
    authorization.installs ? undefined : authorization.single,
  );
  const app = new App({
    receiver,
    authorize: (source) => authorization.auth.authorize(source),
    logger: sdkLogger,
    clientOptions: clients.answerOptions,
    convoStore: false,
    ignoreSelf: true,
  });
  // Socket Mode: a DM's envelope is acknowledged once the event is stored, as over HTTP (slack.socket-ack.ts).
  if (receiver instanceof SocketModeReceiver) acknowledgeEventsWhenStored(receiver, () => app, logger);
  const directory = new SlackDirectory(clients.lookup, authorization.auth, logger);
  const codec = new FormCodec(ctx.stores.slackForms);
  const { turns, answers, inbox, sweepEveryMs } = slackTurns(ctx, { clients, authorization, directory, codec, logger });
  const uninstalled = onUninstalled(ctx, authorization, logger);
  const deadline = options.submitDeadlineMs !== undefined ? { submitDeadlineMs: options.submitDeadlineMs } : {};
  new SlackListeners({ turns, answers, directory, codec, logger, onUninstalled: uninstalled, ...deadline }).register(
    app,
  );
  inbox.startSweeping(sweepEveryMs);
  const schedulerNow = () => ctx.clock.now().getTime();
  const messenger = new SlackMessenger({
    client: clients.proactive,
    auth: authorization.auth,
    codec,
    logger,
    schedulerNow,
  });
  if (config.slack === 'socket') await connectSocketMode(app, logger, options.connectWaitMs ?? 10_000);
  const mode = `${config.slack === 'socket' ? 'socket mode' : 'http at /slack/events'}${authorization.installs ? ', install at /slack/install' : ''}`;
  return slackHandle({
    app,
    turns,
    inbox,
    messenger,
    directory,
    mode,
    logger,
    socket: config.slack === 'socket',
    options,
  });
}

interface TurnParts {
  readonly clients: SlackClients;
  readonly authorization: SlackAuthorization;
  readonly directory: SlackDirectory;
  readonly codec: FormCodec;
  readonly logger: Logger;
}

interface TurnWiring {
  readonly turns: SlackTurns;
  readonly answers: SlackAnswers;
  readonly inbox: SlackInbox;
  /** How often the inbox looks for events whose lease ran out: a quarter of the lease, between 1 and 15 s. */
  readonly sweepEveryMs: number;
}

/** The turn runner and the inbox that stores turns first (each needs the other: the inbox runs stored turns). */
function slackTurns(ctx: ChannelContext, parts: TurnParts): TurnWiring {
  const { clients, authorization, directory, codec, logger } = parts;
  const answers = new SlackAnswers({ dashboard: ctx.dashboard, codec, logger });
  const leaseMs = ctx.config.INBOX_LEASE_SECONDS * 1000;
  const inbox: SlackInbox = new SlackInbox({
    inbox: ctx.inbox,
    owner: `${ctx.config.INSTANCE_ID ?? hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`,
    leaseMs,
    logger,
    run: (job, attempt, token, early) => turns.runJob(job, attempt, token, early),
    track: (work) => turns.work.track(work, 'turns'),
  });
  const turns = new SlackTurns({
    engine: ctx.engine,
    directory,
    answers,
    clientFor: answerClients((team) => authorization.auth.botToken(team), clients.answerOptions),
    inbox: () => inbox,
  });
  return { turns, answers, inbox, sweepEveryMs: Math.max(1_000, Math.min(leaseMs / 4, 15_000)) };
}

/** Single and multi-workspace alike: messages to the workspace stop at once; its data goes after the grace period. */
function onUninstalled(ctx: ChannelContext, authorization: SlackAuthorization, logger: Logger) {
  return async (teamId: string): Promise<void> => {
    if (authorization.installs) {
      await authorization.installs.store.deleteInstallation({
        teamId,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      authorization.installs.authorizer.forget(teamId);
    }
    const people = await ctx.removals?.stopSpace({ channel: 'slack', tenantId: teamId }, ctx.clock.now());
    logger.info(
      { teamId, people: people?.length ?? 0 },
      'slack app uninstalled from a workspace: its messages stopped',
    );
  };
}

interface HandleParts {
  readonly app: App;
  readonly turns: SlackTurns;
  readonly inbox: SlackInbox;
  readonly messenger: SlackMessenger;
  readonly directory: SlackDirectory;
  readonly mode: string;
  readonly logger: Logger;
  readonly socket: boolean;
  readonly options: SlackOptions;
}

function slackHandle(parts: HandleParts): SlackHandle {
  const { app, turns, inbox, logger, options } = parts;
  return {
    channel: 'slack',
    messenger: parts.messenger,
    directory: parts.directory,
    mode: parts.mode,
    idle: () => turns.work.idle(),
    inFlight: () => prefixed('slack ', turns.work.counts()),
    async stop(graceMs?: number) {
      inbox.stop();
      if (parts.socket)
        await app.stop().catch((error: unknown) => {
          logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'slack socket mode stop failed');
        });
      const waitMs = graceMs ?? options.stopGraceMs ?? 5_000;
      const grace = new Promise<void>((resolve) => setTimeout(resolve, waitMs).unref());
      await Promise.race([turns.work.idle(), grace]);
    },
  };
}

function prefixed(prefix: string, counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([kind, n]) => [`${prefix}${kind}`, n]));
}
