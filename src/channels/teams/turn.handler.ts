/**
 * One Teams turn: activity in → engine → cards out. Transport only: what to say comes from the engine (and the
 * dashboard for the welcome); this file decides nothing about coaching.
 *
 * - Personal-chat messages and Action.Submit go to `engine.receive`; the replies go back as cards or text.
 * - After a card submit the pressed card is replaced in place (PUT on the card's activity) by its answered version,
 *   so old buttons cannot be pressed twice. When the engine answers a form with `errors`, that form is drawn in
 *   place of the old card instead, with the errors next to the inputs.
 * - Action.Execute (`adaptiveCard/action` invokes) does the same through the invoke response.
 * - installationUpdate / conversationUpdate store the conversation reference and greet once per conversation: the
 *   greeting goes through the engine under a per-conversation event id, so Teams' two install events (and retries)
 *   greet once.
 * A failure to talk back to Teams is logged and swallowed: the engine has already committed the turn.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { ChannelContext } from '../channel.js';
import type { ChannelIdentity, ProfileHints } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { Reply } from '../../core/reply.js';
import type { Person } from '../../coaching/model.js';
import {
  activitySchema,
  bodyOf,
  cardSubmitOf,
  identityOf,
  isPersonal,
  profileOf,
  type CardSubmit,
  type TeamsActivity,
} from './activity.translator.js';
import {
  ADAPTIVE_CARD,
  answeredCard,
  cardMessage,
  renderReply,
  type AdaptiveCard,
  type TeamsMessage,
} from './card.renderer.js';
import { readAddress, referenceOf, sameConversation } from './conversation.address.js';
import { readConnectorError } from './delivery.errors.js';
import { FILE_CONSENT_INVOKE } from './file.consent.js';
import { onFileConsent } from './file.consent.turn.js';
import { renderReplies, toActivity } from './file.renderer.js';
import type { OfferedFiles } from './ports.js';
import type { TurnLogic } from './teams.adapter.js';

/** What every turn shares: the channel context, a logger, and when the roster was last asked per person. */
interface TurnEnv {
  readonly ctx: ChannelContext;
  readonly logger: Logger;
  readonly rosterAsked: Map<string, number>;
  /** Where files offered with a FileConsentCard wait for Allow (absent: files go inline). */
  readonly files?: OfferedFiles;
}

/** How long a roster lookup that found no e-mail is not repeated for the same person. */
const ROSTER_RETRY_MS = 60 * 60_000;
const ROSTER_MEMORY = 10_000;

export function createTurnLogic(ctx: ChannelContext, files?: OfferedFiles): TurnLogic {
  const env: TurnEnv = {
    ctx,
    logger: ctx.logger.child({ channel: 'teams' }),
    rosterAsked: new Map(),
    ...(files ? { files } : {}),
  };
  return async (context) => {
    const parsed = activitySchema.safeParse(context.activity);
    if (!parsed.success) return;
    const activity = parsed.data;
    switch (activity.type) {
      case 'message':
        return onMessage(env, context, activity);
      case 'invoke':
        if (activity.name === 'adaptiveCard/action') return onExecute(env, context, activity);
        if (activity.name === FILE_CONSENT_INVOKE)
          return onFileConsent(context, activity, {
            people: ctx.people,
            ...(env.files ? { files: env.files } : {}),
            logger: env.logger,
            talk: (what, call) => talk(env, what, call),
          });
        return; // other invokes: the adapter answers 501
      case 'installationUpdate':
        if (activity.action?.startsWith('add')) return onInstall(env, context, activity);
        if (activity.action?.startsWith('remove')) return onRemove(env, activity);
        return;
      case 'conversationUpdate':
        if (activity.membersAdded?.some((m) => m.id === activity.recipient?.id))
          return onInstall(env, context, activity);
        if (activity.membersRemoved?.some((m) => m.id === activity.recipient?.id)) return onRemove(env, activity);
        return;
      default:
        return;
    }
  };
}

async function onMessage(env: TurnEnv, context: TurnContext, activity: TeamsActivity): Promise<void> {
  const { ctx, logger } = env;
  const identity = identityOf(activity);
  if (!identity || !isPersonal(activity)) {
    logger.debug(
      { conversationType: activity.conversation.conversationType },
      'teams: ignored a message outside a personal chat',
    );
    return;
  }
  const submit = cardSubmitOf(activity);
  const body = bodyOf(activity, submit) ?? { type: 'text', text: '' };
  const known = await ctx.people.findByIdentity(identity);
  const profile = await profileWithEmail(env, context, activity, known);
  const outcome = await ctx.engine.receive({
    ...(activity.id ? { eventId: activity.id } : {}),
    from: identity,
    profile,
    body,
  });
  if (outcome.status === 'duplicate') return;
  await rememberAddress(ctx, identity, activity, known);
  let replies: readonly Reply[] = outcome.replies;
  const replyToId = activity.replyToId;
  if (submit && replyToId) {
    const { card, rest } = cardAfterSubmit(submit, replies);
    replies = rest;
    await talk(env, 'update the answered card', () => context.updateActivity({ ...toActivity(card), id: replyToId }));
  }
  await send(env, context, replies);
}

async function onExecute(env: TurnEnv, context: TurnContext, activity: TeamsActivity): Promise<void> {
  const { ctx } = env;
  const identity = identityOf(activity);
  const submit = cardSubmitOf(activity);
  if (!identity || !submit || !isPersonal(activity)) {
    await context.sendActivity({
      type: 'invokeResponse',
      value: {
        status: 200,
        body: {
          statusCode: 400,
          type: 'application/vnd.microsoft.error',
          value: { code: 'BadRequest', message: 'not an action of this bot' },
        },
      },
    });
    return;
  }
  const known = await ctx.people.findByIdentity(identity);
  const profile = await profileWithEmail(env, context, activity, known);
  const body = bodyOf(activity, submit) ?? { type: 'text', text: '' };
  const outcome = await ctx.engine.receive({
    ...(activity.id ? { eventId: activity.id } : {}),
    from: identity,
    profile,
    body,
  });
  let card = cardAfterSubmit(submit, []).card;
  if (outcome.status !== 'duplicate') {
    await rememberAddress(ctx, identity, activity, known);
    const after = cardAfterSubmit(submit, outcome.replies);
    card = after.card;
    await send(env, context, after.rest);
  }
  const content: AdaptiveCard | undefined = card.attachments?.[0]?.content;
  await context.sendActivity({
    type: 'invokeResponse',
    value: { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD, value: content } },
  });
}

/**
 * The app was removed from a person's chat (installationUpdate remove, or the bot removed from the conversation):
 * nothing more is sent to them from now on, and their data goes after the grace period (store/uninstalls.ts).
 * Teams tells this per person: one person removing the app says nothing about their colleagues in the tenant.
 */
async function onRemove(env: TurnEnv, activity: TeamsActivity): Promise<void> {
  const identity = identityOf(activity);
  const person = identity ? await env.ctx.people.findByIdentity(identity) : null;
  if (!identity || !person) return;
  await env.ctx.removals?.stopPerson(person.id, env.ctx.clock.now());
  env.logger.info({ tenantId: identity.tenantId }, 'teams: app removed by a person; their messages stopped');
}

async function onInstall(env: TurnEnv, context: TurnContext, activity: TeamsActivity): Promise<void> {
  const { ctx, logger } = env;
  const identity = identityOf(activity);
  if (!identity || !isPersonal(activity)) return;
  const known = await ctx.people.findByIdentity(identity);
  const reference = referenceOf(activity);
  if (known && sameConversation(teamsAddress(known, identity), reference)) return; // greeted in this conversation already
  const profile = await profileWithEmail(env, context, activity, known);
  // Through the engine, so the person is created with their locale and time zone, and the per-conversation event id
  // lets exactly one of Teams' install events (installationUpdate + conversationUpdate, plus retries) through.
  const outcome = await ctx.engine.receive({
    eventId: `install:${activity.conversation.id}`,
    from: identity,
    profile,
    body: { type: 'command', name: 'help', args: '' },
  });
  await ctx.people.setAddress(identity, { conversationReference: reference });
  if (outcome.status === 'duplicate') return;
  logger.info({ tenantId: identity.tenantId }, 'teams: installed for a person; conversation stored');
  const welcome = outcome.status === 'replied' ? await ctx.dashboard(identity) : outcome.replies[0];
  if (welcome) await send(env, context, [welcome]);
}

/** The card to put in place of a submitted one, and the replies still to send as new messages. */
export function cardAfterSubmit(
  submit: CardSubmit,
  replies: readonly Reply[],
): { card: TeamsMessage; rest: readonly Reply[] } {
  const index = replies.findIndex((r) =>
    r.blocks?.some(
      (b) =>
        b.kind === 'form' && `form:${b.form.id}` === submit.data.action && Object.keys(b.form.errors ?? {}).length > 0,
    ),
  );
  const again = index >= 0 ? replies[index] : undefined;
  if (again) return { card: renderReply(again), rest: replies.filter((_, i) => i !== index) };
  return {
    card: cardMessage(answeredCard(submit.data, submit.values), submit.data.title ?? submit.data.label ?? ''),
    rest: replies,
  };
}

async function send(env: TurnEnv, context: TurnContext, replies: readonly Reply[]): Promise<void> {
  if (replies.length === 0) return;
  const parsed = activitySchema.safeParse(context.activity);
  const owner = parsed.success ? identityOf(parsed.data) : null;
  const messages = await renderReplies(replies, {
    ...(env.files && owner ? { files: env.files, owner } : {}),
    now: env.ctx.clock.now(),
    logger: env.logger,
  });
  await talk(env, 'send replies', () => context.sendActivities(messages));
}

async function talk(env: TurnEnv, what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    const failure = readConnectorError(error, env.ctx.clock.now());
    env.logger.warn(
      { status: failure.status, code: failure.code, err: error instanceof Error ? error.message : 'unknown' },
      `teams: could not ${what}`,
    );
  }
}

function teamsAddress(person: Person, identity: ChannelIdentity) {
  const stored = person.identities.find(
    (i) => i.channel === 'teams' && i.tenantId === identity.tenantId && i.userId === identity.userId,
  );
  return readAddress(stored?.address);
}

/** Stores the conversation reference when it is new or changed (one read we already did, a write only on change). */
async function rememberAddress(
  ctx: ChannelContext,
  identity: ChannelIdentity,
  activity: TeamsActivity,
  known: Person | null,
): Promise<void> {
  const reference = referenceOf(activity);
  if (known && sameConversation(teamsAddress(known, identity), reference)) return;
  await ctx.people.setAddress(identity, { conversationReference: reference });
}

/**
 * Teams' profile hints plus the e-mail from the roster, asked only while we do not know it yet, and at most once an
 * hour per person when the roster has none (guests, development tools), so a chat does not cost a lookup per line.
 */
async function profileWithEmail(
  env: TurnEnv,
  context: TurnContext,
  activity: TeamsActivity,
  known: Person | null,
): Promise<ProfileHints> {
  const profile = profileOf(activity);
  if (known?.email || !activity.from) return profile;
  const key = `${activity.conversation.id}:${activity.from.id}`;
  const now = env.ctx.clock.now().getTime();
  const asked = env.rosterAsked.get(key);
  if (asked !== undefined && now - asked < ROSTER_RETRY_MS) return profile;
  if (env.rosterAsked.size >= ROSTER_MEMORY) env.rosterAsked.clear();
  env.rosterAsked.set(key, now);
  try {
    const member = await TeamsInfo.getMember(context, activity.from.id);
    const email = member.email ?? (member.userPrincipalName?.includes('@') ? member.userPrincipalName : undefined);
    if (email) env.rosterAsked.delete(key);
    return email ? { ...profile, email } : profile;
  } catch (error) {
    env.logger.debug(
      { status: readConnectorError(error, env.ctx.clock.now()).status },
      'teams: no e-mail from the roster (tolerated)',
    );
    return profile;
  }
}
