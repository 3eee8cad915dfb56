/**
 * Starts the Microsoft Teams channel when the configuration enables it (`config.teams` is 'auth' or 'dev-no-auth'):
 * mounts `POST /api/messages` on the shared router and returns the messenger and the directory.
 *
 * Pitfall: 'dev-no-auth' accepts every request without checking who sent it. Config refuses it in production; here
 * it is announced at warn level on every start so it cannot go unnoticed.
 */
import { localOnly } from '../../http/local-only.js';
import { jsonBody } from '../../http/server.js';
import type { ChannelContext, ChannelHandle } from '../channel.js';
import { DEFAULT_SERVICE_URL, TeamsMessenger } from './teams.messenger.js';
import { TeamsDirectory } from './teams.directory.js';
import { createTeamsAdapter, messagesHandler } from './teams.adapter.js';
import { createTurnLogic } from './turn.handler.js';

export const TEAMS_ROUTE = '/api/messages';

export async function startTeams(ctx: ChannelContext): Promise<ChannelHandle | null> {
  const { config } = ctx;
  if (config.teams === 'off') return null;
  const logger = ctx.logger.child({ channel: 'teams' });
  if (config.teams === 'dev-no-auth') {
    logger.warn(
      { route: TEAMS_ROUTE },
      'TEAMS AUTHENTICATION IS OFF (TEAMS_DEV_NO_AUTH=true, no MICROSOFT_APP_ID): anyone who can reach this port can talk as any Teams user. Development only.',
    );
  }
  const adapter = createTeamsAdapter(config, logger);
  // Without authentication only local requests are taken (the Agents Playground on this machine).
  const guard = config.teams === 'dev-no-auth' ? [localOnly] : [];
  ctx.router.post(
    TEAMS_ROUTE,
    ...guard,
    jsonBody(),
    messagesHandler(adapter, createTurnLogic(ctx, ctx.stores.teamsFiles), logger),
  );
  const messenger = new TeamsMessenger({
    adapter,
    appId: config.teams === 'auth' ? (config.MICROSOFT_APP_ID ?? '') : '',
    serviceUrl: config.BOT_CONNECTOR_URL ?? DEFAULT_SERVICE_URL,
    clock: ctx.clock,
    logger,
    files: ctx.stores.teamsFiles,
  });
  const mode =
    config.teams === 'auth'
      ? `http at ${TEAMS_ROUTE} (${config.MICROSOFT_APP_TYPE})`
      : `http at ${TEAMS_ROUTE} (AUTHENTICATION OFF)`;
  logger.info({ mode }, 'teams channel started');
  return {
    channel: 'teams',
    messenger,
    directory: new TeamsDirectory(ctx.people),
    mode,
    stop: async () => {},
  };
}
