/**
 * Posting the engine's answer to a turn: the replies as DM messages (in order, each carrying the turn's event id in
 * its `metadata`, so a later attempt can see which parts already went out), then their files, and the App Home when
 * the turn came from it. A rendering Slack refuses is sent again as plain text; any other failure stops the rest.
 */
import type { webApi } from '@slack/bolt';
import type { TurnOutcome } from '../../core/engine.js';
import type { ChannelIdentity, ProfileHints } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import { filesIn, renderPlainText, type Reply } from '../../core/reply.js';
import {
  escapeMrkdwn,
  formsIn,
  renderHome,
  renderMessages,
  truncate,
  type SlackMessage,
} from './block-kit.renderer.js';
import type { FormCodec } from './form.codec.js';
import { uploadFiles } from './slack.files.js';
import { platformErrorCode, RENDERING_SLACK_ERRORS } from './slack-errors.classifier.js';

export type Client = webApi.WebClient;

/** The `metadata.event_type` of an answer to a turn; `event_payload` is `{event, part, of}`. */
export const ANSWER_EVENT_TYPE = 'coach_answer';

/** Where the answer to an interaction goes: a DM channel (known or looked up), maybe a thread, maybe the Home too. */
export interface Destination {
  readonly identity: ChannelIdentity;
  readonly channelId?: string | undefined;
  readonly threadTs?: string | undefined;
  readonly home?: boolean | undefined;
  /** The turn's event id: each answer carries it in its Slack `metadata` (one answer per turn can then be checked). */
  readonly eventId?: string | undefined;
}

export interface SlackAnswersDeps {
  /** The person's dashboard; someone who never wrote is created with their Slack profile first. */
  readonly dashboard: (identity: ChannelIdentity, profile?: ProfileHints) => Promise<Reply>;
  readonly codec: FormCodec;
  readonly logger: Logger;
}

type PostResult = 'posted' | 'sent-plain' | 'stopped';

/** What every message of one answer shares: where it goes, no unfurling, the thread and the turn's metadata. */
interface MessageBase {
  readonly channel: string;
  readonly unfurl_links: boolean;
  readonly unfurl_media: boolean;
  readonly thread_ts?: string;
  readonly metadata?: { event_type: string; event_payload: { event: string; part: number; of: number } };
}

export class SlackAnswers {
  constructor(private readonly deps: SlackAnswersDeps) {}

  /** Posts a turn's replies (skipping parts an earlier attempt posted) and refreshes the Home when asked. */
  async deliver(
    client: Client,
    outcome: TurnOutcome,
    destination: Destination,
    alreadyPosted?: ReadonlySet<number>,
  ): Promise<void> {
    if (outcome.status === 'duplicate') return;
    if (outcome.replies.length > 0) {
      const channel = destination.channelId ?? (await this.openDm(client, destination.identity.userId));
      if (channel && (await this.postMessages(client, channel, outcome.replies, destination, alreadyPosted)))
        await this.postFiles(client, channel, outcome.replies);
    }
    if (destination.home) await this.publishHome(client, destination.identity);
  }

  async publishHome(client: Client, identity: ChannelIdentity, profile?: ProfileHints): Promise<void> {
    const home = await this.deps.dashboard(identity, profile);
    const forms = await this.deps.codec.encodeAll(formsIn([home]));
    try {
      await client.views.publish({ user_id: identity.userId, view: renderHome(home, forms) });
    } catch (error) {
      this.deps.logger.warn({ code: platformErrorCode(error) ?? 'unknown' }, 'slack views.publish failed');
    }
  }

  /** The parts of this event's answer that an earlier attempt already posted in the DM. */
  async postedParts(client: Client, destination: Destination, since: Date): Promise<Set<number>> {
    const channel = destination.channelId ?? (await this.openDm(client, destination.identity.userId));
    const parts = new Set<number>();
    if (!channel) return parts;
    const oldest = String(Math.floor(since.getTime() / 1000) - 60);
    const history = await client.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true });
    for (const message of history.messages ?? []) {
      const meta = message.metadata;
      const payload = (meta?.event_payload ?? {}) as Record<string, unknown>;
      if (meta?.event_type === ANSWER_EVENT_TYPE && payload.event === destination.eventId)
        parts.add(Number(payload.part));
    }
    return parts;
  }

  private async openDm(client: Client, userId: string): Promise<string | undefined> {
    try {
      return (await client.conversations.open({ users: userId })).channel?.id;
    } catch (error) {
      this.deps.logger.warn({ code: platformErrorCode(error) ?? 'unknown' }, 'slack conversations.open failed');
      return undefined;
    }
  }

  /** Files after the messages that introduce them; a refused upload is logged (code only). */
  private async postFiles(client: Client, channel: string, replies: readonly Reply[]): Promise<void> {
    const files = filesIn(replies);
    if (files.length === 0) return;
    await uploadFiles(client, channel, files).catch((error: unknown) => {
      this.deps.logger.warn({ code: platformErrorCode(error) ?? 'unknown' }, 'slack file upload failed');
    });
  }

  /** Posts the replies' messages in order; false when a failure stopped the rest. */
  private async postMessages(
    client: Client,
    channel: string,
    replies: readonly Reply[],
    destination: Destination,
    alreadyPosted?: ReadonlySet<number>,
  ): Promise<boolean> {
    const forms = await this.deps.codec.encodeAll(formsIn(replies));
    const rendered = replies.map((reply) => ({ reply, messages: renderMessages(reply, forms) }));
    const of = rendered.reduce((n, r) => n + r.messages.length, 0);
    let part = 0;
    for (const { reply, messages } of rendered) {
      for (const message of messages) {
        const index = part++;
        if (alreadyPosted?.has(index)) continue;
        const base = {
          channel,
          unfurl_links: false,
          unfurl_media: false,
          ...(destination.threadTs ? { thread_ts: destination.threadTs } : {}),
          ...(destination.eventId
            ? {
                metadata: {
                  event_type: ANSWER_EVENT_TYPE,
                  event_payload: { event: destination.eventId, part: index, of },
                },
              }
            : {}),
        };
        const result = await this.postOne(client, base, message, reply);
        if (result === 'stopped') return false;
        if (result === 'sent-plain') break;
      }
    }
    return true;
  }

  /** One message; a rendering Slack refuses becomes the whole reply as plain text ('sent-plain': skip its rest). */
  private async postOne(client: Client, base: MessageBase, message: SlackMessage, reply: Reply): Promise<PostResult> {
    try {
      await client.chat.postMessage({
        ...base,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
      });
      return 'posted';
    } catch (error) {
      const code = platformErrorCode(error);
      if (code && RENDERING_SLACK_ERRORS.has(code) && message.blocks) {
        this.deps.logger.error(
          { code, blocks: message.blocks.length },
          'slack refused rendered blocks; sent as plain text',
        );
        await client.chat
          .postMessage({ ...base, text: escapeMrkdwn(truncate(renderPlainText(reply), 39_000)) })
          .catch(() => undefined);
        return 'sent-plain';
      }
      this.deps.logger.warn(
        { code: code ?? (error instanceof Error ? error.name : 'unknown') },
        'slack chat.postMessage failed',
      );
      return 'stopped';
    }
  }
}
