/**
 * People on Slack: the profile behind a user id (name, e-mail, time zone from `users.info` `tz`, locale with
 * `include_locale`), and "who is my coach" resolved from a mention (`<@U123>`, `<@U123|ann>`) or an e-mail address
 * (`users.lookupByEmail`).
 * Profiles are cached in memory for an hour: every direct message carries the sender's profile to the engine, and one
 * `users.info` per message would spend the workspace's rate limit on nothing.
 * Pitfall: `users:read.email` is needed for e-mails; without it Slack simply leaves `profile.email` out.
 */
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { ChannelIdentity, ProfileHints } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { Directory } from '../../coaching/ports.js';
import type { SlackAuthorizer } from './slack.authorizer.js';
import { platformErrorCode } from './slack-errors.classifier.js';

const userSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  real_name: z.string().optional(),
  deleted: z.boolean().optional(),
  is_bot: z.boolean().optional(),
  tz: z.string().nullish(),
  locale: z.string().nullish(),
  profile: z
    .object({
      display_name: z.string().optional(),
      real_name: z.string().optional(),
      email: z.string().optional(),
    })
    .optional(),
});

type SlackUser = z.infer<typeof userSchema>;

const NOT_FOUND = new Set(['user_not_found', 'users_not_found', 'user_not_visible']);

export function profileOf(user: SlackUser): ProfileHints {
  const displayName =
    user.profile?.display_name?.trim() || user.profile?.real_name?.trim() || user.real_name?.trim() || user.name;
  return {
    ...(displayName ? { displayName } : {}),
    ...(user.profile?.email ? { email: user.profile.email } : {}),
    ...(user.locale ? { locale: user.locale } : {}),
    ...(user.tz ? { timeZone: user.tz } : {}),
  };
}

/** What a person typed to name someone: a Slack mention, a bare user id, or an e-mail address (auto-linked or not). */
export function parseReference(reference: string): { userId: string } | { email: string } | null {
  const text = reference.trim();
  const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text);
  if (mention?.[1]) return { userId: mention[1] };
  if (/^[UW][A-Z0-9]{6,}$/.test(text)) return { userId: text };
  const mailto = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/.exec(text);
  const email = (mailto?.[1] ?? text).trim();
  if (/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(email)) return { email };
  return null;
}

interface CachedProfile {
  readonly profile: ProfileHints;
  readonly until: number;
}

export class SlackDirectory implements Directory {
  private readonly cache = new Map<string, CachedProfile>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly auth: SlackAuthorizer,
    private readonly logger: Logger,
    private readonly ttlMs = 60 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async resolve(
    from: ChannelIdentity,
    reference: string,
  ): Promise<{ identity: ChannelIdentity; profile: ProfileHints } | null> {
    const parsed = parseReference(reference);
    if (!parsed) return null;
    const token = await this.auth.botToken(from.tenantId);
    let raw: unknown;
    try {
      raw =
        'userId' in parsed
          ? (await this.client.users.info({ token, user: parsed.userId, include_locale: true })).user
          : (await this.client.users.lookupByEmail({ token, email: parsed.email })).user;
    } catch (error) {
      if (NOT_FOUND.has(platformErrorCode(error) ?? '')) return null;
      throw error;
    }
    const user = userSchema.safeParse(raw);
    if (!user.success || user.data.deleted || user.data.is_bot) return null;
    // Lookup by e-mail leaves the locale out: ask once more for the full profile when it matters.
    let profile = profileOf(user.data);
    if (profile.locale) this.remember(`${from.tenantId}:${user.data.id}`, profile);
    else profile = { ...profile, ...(await this.profile(from.tenantId, user.data.id)) };
    return { identity: { channel: 'slack', tenantId: from.tenantId, userId: user.data.id }, profile };
  }

  private remember(key: string, profile: ProfileHints): void {
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(key, { profile, until: this.now() + this.ttlMs });
  }

  /** The sender's profile for an inbound event; empty (never an error) when Slack cannot tell. */
  async profile(teamId: string, userId: string): Promise<ProfileHints> {
    const key = `${teamId}:${userId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.profile;
    try {
      const token = await this.auth.botToken(teamId);
      const user = userSchema.safeParse(
        (await this.client.users.info({ token, user: userId, include_locale: true })).user,
      );
      const profile = user.success ? profileOf(user.data) : {};
      this.remember(key, profile);
      return profile;
    } catch (error) {
      this.logger.warn(
        { code: platformErrorCode(error) ?? (error instanceof Error ? error.name : 'unknown') },
        'slack users.info failed; continuing without a profile',
      );
      return {};
    }
  }
}
