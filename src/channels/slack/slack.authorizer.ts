/**
 * Which bot token serves which workspace. Two ways, one interface:
 *  - single workspace (the default): `SLACK_BOT_TOKEN`; `auth.test` runs once, lazily, and only a success is kept,
 *    so a network blip does not disable the bot for good (Bolt's own `token` option caches the failure) nor drop
 *    the message that came in during it;
 *  - multi-workspace OAuth: installations from MongoDB through `@slack/oauth`'s InstallProvider, which also rotates
 *    expiring tokens (refreshes within 2 hours of expiry and stores the new pair). A configured `SLACK_BOT_TOKEN`
 *    still serves its own workspace when that workspace has no stored installation.
 * Bolt (inbound events), the messenger and the directory (proactive work without an incoming request) all ask here.
 */
import type { AuthorizeResult, webApi } from '@slack/bolt';
import type { InstallProvider } from '@slack/oauth';

export interface AuthorizeQuery {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
  readonly isEnterpriseInstall: boolean;
}

export interface SlackAuthorizer {
  /** Bolt's `authorize`: the token and the bot's own ids for an incoming request. */
  authorize(query: AuthorizeQuery): Promise<AuthorizeResult>;
  /** The bot token for proactive calls in a workspace. */
  botToken(teamId: string): Promise<string>;
}

/** One workspace, one bot token. */
export class SingleWorkspaceAuthorizer implements SlackAuthorizer {
  private identity: Promise<AuthorizeResult> | undefined;
  /** The result of the first successful auth.test. */
  private known: AuthorizeResult | undefined;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly token: string,
  ) {}

  /** The bot's own ids (for ignoring its own messages) and its workspace, from one successful `auth.test`. */
  async whoAmI(): Promise<AuthorizeResult> {
    if (!this.identity) {
      this.identity = this.client.auth.test({ token: this.token }).then((r) => ({
        botToken: this.token,
        ...(r.bot_id ? { botId: r.bot_id } : {}),
        ...(r.user_id ? { botUserId: r.user_id } : {}),
        ...(r.team_id ? { teamId: r.team_id } : {}),
        ...(r.enterprise_id ? { enterpriseId: r.enterprise_id } : {}),
      }));
      // Keep only a success: the next request tries again after a failure.
      this.identity.then(
        (known) => {
          this.known = known;
        },
        () => {
          this.identity = undefined;
        },
      );
    }
    return this.identity;
  }

  /**
   * Never fails for want of `auth.test`: the token alone serves the request (the bot's own posts are still
   * recognised by their `bot_id`), and the ids are looked up again on the next request.
   */
  async authorize(query?: AuthorizeQuery): Promise<AuthorizeResult> {
    const own = await this.whoAmI().catch(() => ({ botToken: this.token }));
    if (query && !this.serves(own, query))
      throw new Error('this Slack install serves one workspace; the event came from another');
    return own;
  }

  /** True when the query names this token's workspace (or its Enterprise Grid org), or when that is not known yet. */
  serves(own: AuthorizeResult, query: { teamId?: string | undefined; enterpriseId?: string | undefined }): boolean {
    if (!own.teamId) return true;
    if (query.teamId === own.teamId) return true;
    return own.enterpriseId !== undefined && query.enterpriseId === own.enterpriseId;
  }

  /**
   * For the HTTP gate: does this install serve that workspace? Answers from a known auth.test only (no call of its
   * own); before that is known, authorize() (which asks) decides for the request.
   */
  async servesOrigin(origin: { teamId?: string | undefined; enterpriseId?: string | undefined }): Promise<boolean> {
    return this.known ? this.serves(this.known, origin) : true;
  }

  async botToken(): Promise<string> {
    return this.token;
  }
}

interface CachedToken {
  readonly token: string;
  readonly until: number;
}

/** Installations from the store, with token rotation; optionally the single-workspace token as a fallback. */
export class InstallationAuthorizer implements SlackAuthorizer {
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly installer: Pick<InstallProvider, 'authorize'>,
    private readonly fallback?: SingleWorkspaceAuthorizer,
    /** How long a token is reused for proactive calls (tokens returned by the installer stay valid for 2 hours). */
    private readonly cacheMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async authorize(query: AuthorizeQuery): Promise<AuthorizeResult> {
    try {
      return await this.installer.authorize({
        teamId: query.teamId,
        enterpriseId: query.enterpriseId,
        isEnterpriseInstall: query.isEnterpriseInstall,
      } as Parameters<InstallProvider['authorize']>[0]);
    } catch (error) {
      if (this.fallback) {
        const own = await this.fallback.whoAmI();
        if (own.teamId === query.teamId || (query.isEnterpriseInstall && own.enterpriseId === query.enterpriseId))
          return own;
      }
      throw error;
    }
  }

  async botToken(teamId: string): Promise<string> {
    const cached = this.cache.get(teamId);
    if (cached && cached.until > this.now()) return cached.token;
    const result = await this.authorize({ teamId, isEnterpriseInstall: false });
    if (!result.botToken) throw new Error(`the Slack installation for ${teamId} has no bot token`);
    // A rotating token is reused only while the installer would not refresh it yet (it refreshes 2 hours ahead).
    const expiresAt =
      typeof result.botTokenExpiresAt === 'number'
        ? result.botTokenExpiresAt * 1_000 - 2 * 3_600_000
        : Number.POSITIVE_INFINITY;
    const until = Math.min(this.now() + this.cacheMs, expiresAt);
    if (this.cache.size > 10_000) this.cache.clear();
    if (until > this.now()) this.cache.set(teamId, { token: result.botToken, until });
    return result.botToken;
  }

  /** Forgets a workspace's token (after `invalid_auth` or an uninstall). */
  forget(teamId: string): void {
    this.cache.delete(teamId);
  }
}
