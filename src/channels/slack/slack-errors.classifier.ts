/**
 * Web API failures classified once, for the scheduler: transient (try again, perhaps after Retry-After) or permanent
 * (the person cannot be reached this way until something changes: mark them unreachable and report it).
 * Pitfall: an unknown platform error is treated as transient, so a message is delayed rather than lost; the
 * dispatcher's attempt limit ends a hopeless retry loop.
 */
import { webApi } from '@slack/bolt';
import type { DeliveryFailure } from '../../core/messenger.js';

/** Errors that retrying will not fix: the user, the workspace's install or the app's permissions must change first. */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'account_inactive',
  'user_not_found',
  'users_not_found',
  'user_disabled',
  'user_not_visible',
  'missing_scope',
  'not_authed',
  'invalid_auth',
  'token_revoked',
  'token_expired',
  'no_permission',
  'not_allowed_token_type',
  'ekm_access_denied',
  'org_login_required',
  'team_access_not_granted',
  'team_not_found',
  'app_uninstalled',
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'restricted_action',
  'restricted_action_read_only_channel',
  'access_denied',
]);

/** Our rendering was refused: not the person's fault, so never a reason to mark them unreachable; resend as plain text. */
export const RENDERING_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
  'msg_too_long',
  'too_many_attachments',
]);

/** Errors that say the stored DM channel is no longer usable, but opening the conversation again may work. */
export const REOPEN_SLACK_ERRORS: ReadonlySet<string> = new Set(['channel_not_found', 'is_archived', 'not_in_channel']);

/** The Slack error code of a failed Web API call (`ok: false`), also when wrapped as another error's `cause`. */
export function platformErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof webApi.WebAPIPlatformError) return e.data.error;
  }
  return undefined;
}

export function classifySlackError(error: unknown): DeliveryFailure {
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return { kind: 'transient', reason: 'rate_limited', retryAfterMs: Math.max(1, error.retryAfter) * 1_000 };
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (code === 'ratelimited') return { kind: 'transient', reason: code, retryAfterMs: 60_000 };
    return PERMANENT_SLACK_ERRORS.has(code) ? { kind: 'permanent', reason: code } : { kind: 'transient', reason: code };
  }
  if (error instanceof webApi.WebAPIHTTPError) return { kind: 'transient', reason: `http_${error.statusCode}` };
  if (error instanceof webApi.WebAPIRequestError) return { kind: 'transient', reason: 'network' };
  return { kind: 'transient', reason: error instanceof Error ? error.name : 'unknown' };
}
