/**
 * Where the bot's tokens come from: one bot token (`SLACK_BOT_TOKEN`, a single workspace), or OAuth installations
 * stored in MongoDB (`/slack/install`, `/slack/oauth_redirect` on the shared router), with token rotation; both at
 * once serve the token's workspace plus the installed ones.
 */
import type { Logger as SdkLogger, webApi } from '@slack/bolt';
import { InstallProvider } from '@slack/oauth';
import type { Request, Response } from 'express';
import type { ChannelContext } from '../channel.js';
import { AppError } from '../../core/errors.js';
import { SlackInstallationStore } from './installation.store.js';
import { InstallationAuthorizer, SingleWorkspaceAuthorizer, type SlackAuthorizer } from './slack.authorizer.js';

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

export interface SlackAuthorization {
  readonly auth: SlackAuthorizer;
  /** The one workspace of `SLACK_BOT_TOKEN`, when set. */
  readonly single?: SingleWorkspaceAuthorizer | undefined;
  /** Set when OAuth installs are on: the stored installations and the authorizer that reads them. */
  readonly installs?:
    { readonly store: SlackInstallationStore; readonly authorizer: InstallationAuthorizer } | undefined;
}

/** The authorizer the configuration asks for; mounts the install routes when OAuth is configured. */
export function slackAuthorization(
  ctx: ChannelContext,
  lookupClient: webApi.WebClient,
  sdkLogger: SdkLogger,
  slackApiUrl: string,
): SlackAuthorization {
  const { config } = ctx;
  const single = config.SLACK_BOT_TOKEN
    ? new SingleWorkspaceAuthorizer(lookupClient, config.SLACK_BOT_TOKEN)
    : undefined;
  if (config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET) {
    const store = new SlackInstallationStore(ctx.stores.slackInstallations);
    const installer = new InstallProvider({
      clientId: config.SLACK_CLIENT_ID,
      clientSecret: config.SLACK_CLIENT_SECRET,
      stateSecret: config.SLACK_STATE_SECRET,
      installationStore: store,
      logger: sdkLogger,
      clientOptions: { slackApiUrl },
    });
    mountInstallRoutes(ctx, installer);
    const authorizer = new InstallationAuthorizer(installer, single);
    return { auth: authorizer, single, installs: { store, authorizer } };
  }
  if (single) return { auth: single, single };
  throw new AppError(
    'config_invalid',
    'Slack needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID with SLACK_CLIENT_SECRET and SLACK_STATE_SECRET',
  );
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
