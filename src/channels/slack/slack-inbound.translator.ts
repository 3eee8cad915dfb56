/**
 * Slack payloads in, engine events out. Every payload is parsed with zod first: Bolt's TypeScript types describe what
 * Slack promises, not what arrives. Nothing here decides anything about coaching.
 */
import { z } from 'zod';
import type { ChannelIdentity, InboundBody } from '../../core/events.js';

/** A direct message to the bot (`message.im`). Edits, deletions, joins and bot posts carry a subtype or a bot id. */
export const dmEventSchema = z.object({
  type: z.literal('message'),
  channel_type: z.string().optional(),
  channel: z.string(),
  user: z.string().optional(),
  text: z.string().optional(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
});
export type DmEvent = z.infer<typeof dmEventSchema>;

export const eventEnvelopeSchema = z.object({
  event_id: z.string().optional(),
  team_id: z.string().optional(),
});

export const tokensRevokedSchema = z.object({
  type: z.literal('tokens_revoked'),
  tokens: z.object({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }),
});

export const homeOpenedSchema = z.object({
  type: z.literal('app_home_opened'),
  user: z.string(),
  tab: z.string().optional(),
});

const teamRef = z.object({ id: z.string() }).nullish();
const userRef = z.object({ id: z.string(), team_id: z.string().optional() });

export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  trigger_id: z.string(),
  user: userRef,
  team: teamRef,
  container: z
    .object({ type: z.string(), channel_id: z.string().optional(), thread_ts: z.string().optional() })
    .optional(),
  channel: z.object({ id: z.string() }).optional(),
  view: z.object({ id: z.string(), type: z.string() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional(), type: z.string() })).min(1),
});
export type BlockActions = z.infer<typeof blockActionsSchema>;

export const commandSchema = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: z.string(),
  team_id: z.string(),
  channel_id: z.string().optional(),
  trigger_id: z.string(),
});

export const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  trigger_id: z.string().optional(),
  user: userRef,
  team: teamRef,
  view: z.object({
    id: z.string(),
    callback_id: z.string(),
    private_metadata: z.string().optional(),
    hash: z.string().optional(),
    state: z.object({ values: z.unknown() }),
  }),
});
export type ViewSubmission = z.infer<typeof viewSubmissionSchema>;

export const slackIdentity = (tenantId: string, userId: string): ChannelIdentity => ({
  channel: 'slack',
  tenantId,
  userId,
});

/** The workspace of an interaction: `team` is null for org-wide installs, where the user's own team is used. */
export const interactionTeam = (payload: {
  team?: { id: string } | null | undefined;
  user: { team_id?: string | undefined };
}): string | undefined => payload.team?.id ?? payload.user.team_id;

/**
 * Slack's message markup back to what the person typed: links to their text, e-mail links to the address, channel and
 * group mentions to their names, HTML entities decoded. User mentions (`<@U123>`) are kept: the directory resolves them.
 */
export function plainTextFromSlack(text: string): string {
  return text
    .replace(/<mailto:([^|>]+)(?:\|[^>]*)?>/g, '$1')
    .replace(/<((?:https?|ftp):[^|>]+)\|([^>]*)>/g, '$2')
    .replace(/<((?:https?|ftp):[^|>]+)>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]*)>/g, '$1')
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * `/coach agenda` is the typed command `agenda`; the slash command is only a way in. A bare `/coach` asks for help.
 * Multi-word commands survive because the engine reads `name` and `args` back as one line.
 */
export function commandBody(text: string): InboundBody {
  const clean = plainTextFromSlack(text).trim();
  if (!clean) return { type: 'command', name: 'help', args: '' };
  const [name = 'help', ...rest] = clean.split(/\s+/);
  return { type: 'command', name, args: rest.join(' ') };
}

/** True for a DM a person wrote (not the bot, not an edit or another subtype). */
export function isPersonDm(event: DmEvent, botUserId: string | undefined): event is DmEvent & { user: string } {
  return (
    event.channel_type === 'im' &&
    !event.subtype &&
    !event.bot_id &&
    typeof event.user === 'string' &&
    event.user !== botUserId
  );
}
