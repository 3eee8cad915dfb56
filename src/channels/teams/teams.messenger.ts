/**
 * Proactive Teams messages (the scheduler's invitations, digests, nudges) through the stored conversation reference.
 *
 * - With a stored reference: `continueConversationAsync`. A 404 means the conversation is gone (the person removed
 *   and re-added the app, the chat was reset): the personal conversation is created again, once, and the new address
 *   is returned in `SentMessage.address`, which the dispatcher stores for the next send.
 * - Without one (the person never wrote to us, e.g. a coach invited by e-mail): `createConversationAsync` on the
 *   default service URL. Teams only allows that when the app is installed for the person; otherwise it answers 403,
 *   which is permanent.
 * Everything else is classified by delivery.errors.
 */
import type { ChannelAccount, ConversationParameters, ConversationReference } from 'botbuilder';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import {
  DeliveryError,
  type Messenger,
  type MessengerTarget,
  type SendOptions,
  type SentMessage,
} from '../../core/messenger.js';
import type { Reply } from '../../core/reply.js';
import { readAddress, type ConversationRef } from './conversation.address.js';
import { renderReplies } from './file.renderer.js';
import type { FileOwner, OfferedFiles } from './ports.js';
import { classifyDelivery, isConversationGone, readConnectorError } from './delivery.errors.js';
import { BOT_FRAMEWORK_AUDIENCE, type TeamsCloudAdapter } from './teams.adapter.js';

/** Teams' global service URL, used only when a person has no stored conversation yet. */
export const DEFAULT_SERVICE_URL = 'https://smba.trafficmanager.net/teams/';

export interface TeamsMessengerDeps {
  readonly adapter: TeamsCloudAdapter;
  /** MICROSOFT_APP_ID, or '' when authentication is off (development). */
  readonly appId: string;
  readonly serviceUrl: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where files offered with a FileConsentCard wait for Allow (absent: files go inline). */
  readonly files?: OfferedFiles;
}

/** Whom a send is for (files are offered to them), and when its post must have started at the latest. */
interface Recipient extends FileOwner {
  readonly notAfter?: number | undefined;
}

export class TeamsMessenger implements Messenger {
  readonly channel = 'teams' as const;

  constructor(private readonly deps: TeamsMessengerDeps) {}

  async send(target: MessengerTarget, replies: readonly Reply[], options: SendOptions = {}): Promise<SentMessage> {
    if (replies.length === 0) return { messageId: '' };
    const owner: Recipient = { tenantId: target.tenantId, userId: target.userId, notAfter: options.notAfter };
    const stored = readAddress(target.address);
    if (!stored)
      return this.sendInNewConversation(
        { memberId: target.userId, tenantId: target.tenantId, serviceUrl: this.deps.serviceUrl },
        replies,
        owner,
      );
    try {
      return { messageId: await this.deliver(stored, replies, owner) };
    } catch (error) {
      if (!isConversationGone(readConnectorError(error, this.deps.clock.now())))
        throw classifyDelivery(error, this.deps.clock.now());
      this.deps.logger.info({ tenantId: target.tenantId }, 'teams: conversation gone (404), recreating it once');
      const memberId = stored.user?.id ?? target.userId;
      return this.sendInNewConversation(
        {
          memberId,
          tenantId: stored.conversation.tenantId ?? target.tenantId,
          serviceUrl: stored.serviceUrl,
          ...(stored.bot ? { bot: { id: stored.bot.id, ...(stored.bot.name ? { name: stored.bot.name } : {}) } } : {}),
        },
        replies,
        owner,
      );
    }
  }

  private async sendInNewConversation(
    where: NewConversation,
    replies: readonly Reply[],
    owner: Recipient,
  ): Promise<SentMessage> {
    try {
      const reference = await this.createConversation(where);
      const messageId = await this.deliver(reference, replies, owner);
      return { messageId, address: { conversationReference: reference } };
    } catch (error) {
      throw classifyDelivery(error, this.deps.clock.now());
    }
  }

  /** Sends the replies in order; returns the first message's activity id. */
  private async deliver(reference: ConversationRef, replies: readonly Reply[], to: Recipient): Promise<string> {
    const { files, clock, logger } = this.deps;
    const owner: FileOwner = { tenantId: to.tenantId, userId: to.userId };
    const activities = await renderReplies(replies, { ...(files ? { files, owner } : {}), now: clock.now(), logger });
    let ids: string[] = [];
    await this.deps.adapter.continueConversationAsync(this.deps.appId, toSdkReference(reference), async (context) => {
      // Right before posting: past this moment the scheduler's claim may run out while the post is on its way.
      if (to.notAfter !== undefined && Date.now() > to.notAfter)
        throw new DeliveryError({ kind: 'transient', reason: 'claim_expiring' });
      const responses = await context.sendActivities(activities);
      ids = responses.map((r) => r?.id ?? '');
    });
    return ids.find((id) => id !== '') ?? '';
  }

  private async createConversation(where: NewConversation): Promise<ConversationRef> {
    const bot: ChannelAccount = { id: where.bot?.id ?? `28:${this.deps.appId}`, name: where.bot?.name ?? '' };
    const parameters: ConversationParameters = {
      isGroup: false,
      bot,
      members: [{ id: where.memberId, name: '' }],
      tenantId: where.tenantId,
      channelData: { tenant: { id: where.tenantId } },
    };
    let conversationId = '';
    await this.deps.adapter.createConversationAsync(
      this.deps.appId,
      'msteams',
      where.serviceUrl,
      BOT_FRAMEWORK_AUDIENCE,
      parameters,
      async (context) => {
        conversationId = context.activity.conversation.id;
      },
    );
    if (!conversationId) throw new Error('teams: createConversation returned no conversation id');
    return {
      serviceUrl: where.serviceUrl,
      channelId: 'msteams',
      conversation: { id: conversationId, tenantId: where.tenantId, conversationType: 'personal' },
      user: { id: where.memberId },
      bot: { id: bot.id, ...(bot.name ? { name: bot.name } : {}) },
    };
  }
}

/** Our stored reference in the SDK's shape (it wants names and flags that we do not keep). */
function toSdkReference(ref: ConversationRef): Partial<ConversationReference> {
  return {
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    conversation: {
      id: ref.conversation.id,
      isGroup: false,
      conversationType: ref.conversation.conversationType ?? 'personal',
      name: '',
      ...(ref.conversation.tenantId ? { tenantId: ref.conversation.tenantId } : {}),
    },
    ...(ref.user
      ? { user: { id: ref.user.id, name: '', ...(ref.user.aadObjectId ? { aadObjectId: ref.user.aadObjectId } : {}) } }
      : {}),
    ...(ref.bot ? { bot: { id: ref.bot.id, name: ref.bot.name ?? '' } } : {}),
    ...(ref.locale ? { locale: ref.locale } : {}),
  };
}

interface NewConversation {
  readonly memberId: string;
  readonly tenantId: string;
  readonly serviceUrl: string;
  readonly bot?: { readonly id: string; readonly name?: string };
}
