/**
 * Teams activity → engine event. Only the fields we use are parsed (zod, loose), so a new field from Teams never
 * breaks a turn and a malformed one is refused at the edge instead of deep in a flow.
 *
 * Pitfalls:
 *  - The person's Teams identity is tenant + AAD object id (`from.aadObjectId`), not `from.id` (the "29:…" id is
 *    per bot). `from.id` is only a fallback for development tools that send no AAD id.
 *  - The tenant is on `conversation.tenantId` for personal chats and on `channelData.tenant.id` everywhere; read both.
 *  - Card submits arrive as a `message` with `value` (Action.Submit) or as an `invoke` named `adaptiveCard/action`
 *    (Action.Execute) with the data under `value.action.data`. Both carry `{action, value}` plus `in_`-prefixed inputs.
 */
import { z } from 'zod';
import type { ChannelIdentity, InboundBody, ProfileHints } from '../../core/events.js';
import { INPUT_PREFIX, type CardActionData } from './card.renderer.js';

const account = z.looseObject({ id: z.string(), name: z.string().optional(), aadObjectId: z.string().optional() });

export const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().optional(),
  name: z.string().optional(),
  /** installationUpdate: add | remove | add-upgrade | remove-upgrade. */
  action: z.string().optional(),
  text: z.string().optional(),
  value: z.unknown().optional(),
  replyToId: z.string().optional(),
  locale: z.string().optional(),
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  from: account.optional(),
  recipient: account.optional(),
  conversation: z.looseObject({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    conversationType: z.string().optional(),
  }),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
  entities: z.array(z.looseObject({ type: z.string().optional() })).optional(),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string().optional() }).optional() }).optional(),
});
export type TeamsActivity = z.infer<typeof activitySchema>;

const cardDataSchema = z.looseObject({
  action: z.string().min(1).max(200),
  value: z.string().max(2000).optional(),
  title: z.string().optional(),
  label: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

const executeSchema = z.looseObject({
  action: z.looseObject({ type: z.string().optional(), verb: z.string().optional(), data: z.unknown().optional() }),
});

/** The tenant a person belongs to, or `unknown` for development tools that send none. */
export function tenantOf(activity: TeamsActivity): string {
  return activity.conversation.tenantId ?? activity.channelData?.tenant?.id ?? 'unknown';
}

export function identityOf(activity: TeamsActivity): ChannelIdentity | null {
  if (!activity.from) return null;
  return { channel: 'teams', tenantId: tenantOf(activity), userId: activity.from.aadObjectId ?? activity.from.id };
}

/** Name, locale and time zone as Teams tells them; the e-mail comes from TeamsInfo.getMember (see turn.handler). */
export function profileOf(activity: TeamsActivity): ProfileHints {
  const clientInfo = activity.entities?.find((e) => e.type === 'clientInfo');
  const timeZone = typeof clientInfo?.timezone === 'string' ? clientInfo.timezone : undefined;
  const clientLocale = typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined;
  const locale = activity.locale ?? clientLocale;
  return {
    ...(activity.from?.name ? { displayName: activity.from.name } : {}),
    ...(locale ? { locale } : {}),
    ...(timeZone ? { timeZone } : {}),
  };
}

export interface CardSubmit {
  readonly data: CardActionData;
  /** Submitted inputs by the Reply's input ids (prefix removed). */
  readonly values: Readonly<Record<string, string>>;
}

/** Reads a card submit from an Action.Submit `value` or an Action.Execute invoke; null when it is not ours. */
export function cardSubmitOf(activity: TeamsActivity): CardSubmit | null {
  let raw: unknown = activity.value;
  if (activity.type === 'invoke') {
    const execute = executeSchema.safeParse(activity.value);
    if (!execute.success) return null;
    const data = execute.data.action.data;
    const verb = execute.data.action.verb;
    raw =
      typeof data === 'object' && data !== null
        ? { ...(verb ? { action: verb } : {}), ...data }
        : verb
          ? { action: verb }
          : undefined;
  }
  const parsed = cardDataSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { action, value, title, label, labels } = parsed.data;
  const values: Record<string, string> = {};
  for (const [key, v] of Object.entries(parsed.data)) {
    if (key.startsWith(INPUT_PREFIX) && typeof v === 'string') values[key.slice(INPUT_PREFIX.length)] = v;
  }
  const data: CardActionData = {
    action,
    ...(value !== undefined ? { value } : {}),
    ...(title ? { title } : {}),
    ...(label ? { label } : {}),
    ...(labels ? { labels } : {}),
  };
  return { data, values };
}

/** The engine body of a message or card action; null when there is nothing for the engine (an empty message). */
export function bodyOf(activity: TeamsActivity, submit: CardSubmit | null): InboundBody | null {
  if (submit) {
    const hasValues = Object.keys(submit.values).length > 0 || submit.data.action.startsWith('form:');
    return {
      type: 'action',
      action: submit.data.action,
      ...(submit.data.value !== undefined ? { value: submit.data.value } : {}),
      ...(hasValues ? { values: submit.values } : {}),
    };
  }
  if (activity.type !== 'message' || activity.text === undefined) return null;
  return { type: 'text', text: stripMentions(activity.text) };
}

/** Removes `<at>Bot</at>` mentions and the few HTML entities Teams puts in plain text. */
export function stripMentions(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .trim();
}

/** A personal (1:1) conversation; the bot is installed in personal scope only. Absent type = a development tool. */
export const isPersonal = (activity: TeamsActivity): boolean =>
  (activity.conversation.conversationType ?? 'personal') === 'personal';
