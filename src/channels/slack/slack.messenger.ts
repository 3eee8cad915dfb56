/**
 * Proactive messages on Slack for the scheduler: `conversations.open` (once; the DM channel id is returned as the
 * address to store) and `chat.postMessage`.
 *
 * Retry timing belongs to the scheduler, not to the HTTP client. The Web API client used here is built with
 * `rejectRateLimitedCalls: true` and no retries: a `429` surfaces at once as `DeliveryError({kind: 'transient',
 * retryAfterMs})` carrying Slack's `Retry-After`, instead of the client silently sleeping and retrying (its default
 * pauses the whole client's queue for up to 30 minutes while a claimed outbox item's lease runs out). After a 429 the
 * workspace is held back until Retry-After has passed, so the next items fail fast instead of hammering Slack.
 * Sends to one DM channel are paced (one message a second, Slack's per-channel limit).
 *
 * Several replies go out as one message when they fit, so a delivery is all-or-nothing and a retry after a failure
 * cannot repeat half of it.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import {
  DeliveryError,
  type Messenger,
  type MessengerTarget,
  type SendOptions,
  type SentMessage,
} from '../../core/messenger.js';
import { filesIn, renderPlainText, type Reply } from '../../core/reply.js';
import { escapeMrkdwn, formsIn, renderCombined, truncate, type SlackMessage } from './block-kit.renderer.js';
import type { FormCodec } from './form.codec.js';
import { InstallationNotFoundError } from './installation.store.js';
import { uploadFiles } from './slack.files.js';
import type { SlackAuthorizer } from './slack.authorizer.js';
import {
  classifySlackError,
  platformErrorCode,
  RENDERING_SLACK_ERRORS,
  REOPEN_SLACK_ERRORS,
} from './slack-errors.classifier.js';

export interface SlackMessengerOptions {
  /** A Web API client that rejects rate-limited calls and does not retry (see `proactiveClientOptions`). */
  readonly client: webApi.WebClient;
  readonly auth: SlackAuthorizer;
  readonly codec: FormCodec;
  readonly logger: Logger;
  /** Minimum gap between two messages to one channel (default 1,000 ms). */
  readonly perChannelGapMs?: number;
  /** Longest wait for a channel's pacing slot before giving the item back to the scheduler (default 5,000 ms). */
  readonly maxPacingWaitMs?: number;
  /** Real time, for pacing (Slack's per-channel limit is physical). */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The scheduler's time, for holding a workspace back after a 429: the dispatcher schedules the retry on its clock, so
   * the hold must end on the same clock (with the development clock moved forward, both have passed).
   */
  readonly schedulerNow?: () => number;
}

/**
 * The Web API client options for proactive sends: Retry-After goes to the scheduler, untouched, and every call ends
 * within `timeoutMs` (core/send-bounds.ts: what the scheduler's claim allows one call; 15 s with the default lease).
 */
export const proactiveClientOptions = (timeoutMs = 15_000) =>
  ({
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: timeoutMs,
  }) as const;

/** The `metadata.event_type` of a scheduled message; its `event_payload.keys` are the outbox keys it delivers. */
export const OUTBOX_EVENT_TYPE = 'coach_outbox';

/** Slack metadata payload values are scalars: the keys travel as one space-separated string. */
function outboxMetadata(keys: readonly string[]): {
  metadata?: { event_type: string; event_payload: { keys: string } };
} {
  return keys.length > 0
    ? { metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { keys: keys.join(' ') } } }
    : {};
}

function keysOf(metadata: { event_type?: string; event_payload?: object } | undefined): string[] {
  if (metadata?.event_type !== OUTBOX_EVENT_TYPE || !metadata.event_payload) return [];
  const keys = (metadata.event_payload as Record<string, unknown>).keys;
  return typeof keys === 'string' ? keys.split(' ') : [];
}

/** The DM channel id stored in a person's Slack address, if any. */
const storedDmChannel = (address: MessengerTarget['address']): string | undefined => {
  const channelId = address?.channelId;
  return typeof channelId === 'string' && channelId.length > 0 ? channelId : undefined;
};

export class SlackMessenger implements Messenger {
  readonly channel = 'slack' as const;
  private readonly nextSlot = new Map<string, number>();
  private readonly heldUntil = new Map<string, number>();
  private readonly now: () => number;
  private readonly schedulerNow: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: SlackMessengerOptions) {
    this.now = deps.now ?? Date.now;
    this.schedulerNow = deps.schedulerNow ?? this.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async send(target: MessengerTarget, replies: readonly Reply[], options: SendOptions = {}): Promise<SentMessage> {
    if (replies.length === 0) throw new DeliveryError({ kind: 'permanent', reason: 'nothing_to_send' });
    const team = target.tenantId;
    const held = (this.heldUntil.get(team) ?? 0) - this.schedulerNow();
    if (held > 0) throw new DeliveryError({ kind: 'transient', reason: 'rate_limited', retryAfterMs: held });

    const token = await this.token(team);
    const forms = await this.deps.codec.encodeAll(formsIn(replies));
    const messages = renderCombined(replies, forms);
    let channelId = storedDmChannel(target.address);
    let opened = false;
    if (!channelId) {
      channelId = await this.open(token, team, target.userId);
      opened = true;
    }

    let firstTs: string | undefined;
    for (const [index, message] of messages.entries()) {
      // Only the first post is fenced: once one part is in the DM, a later claimer finds the key there.
      const post = { keys: options.keys, notAfter: index === 0 ? options.notAfter : undefined };
      let ts: string;
      try {
        ts = await this.post(token, team, channelId, message, replies, post);
      } catch (error) {
        // A stored DM channel can go stale (archived, app reinstalled): open the conversation again, once.
        const code = platformErrorCode(error);
        if (index > 0 || opened || !code || !REOPEN_SLACK_ERRORS.has(code)) throw error;
        channelId = await this.open(token, team, target.userId);
        opened = true;
        ts = await this.post(token, team, channelId, message, replies, post);
      }
      firstTs ??= ts;
    }
    if (!firstTs) throw new DeliveryError({ kind: 'transient', reason: 'no_message_id' });
    await this.attach(token, team, channelId, replies);
    return opened ? { messageId: firstTs, address: { channelId } } : { messageId: firstTs };
  }

  /**
   * Files go up after the message that introduces them. The message is what the delivery promised; a file that Slack
   * refuses is logged (code only) and does not fail it, since a retry would post the message a second time.
   */
  private async attach(token: string, team: string, channel: string, replies: readonly Reply[]): Promise<void> {
    const files = filesIn(replies);
    if (files.length === 0) return;
    try {
      await this.call(team, () => uploadFiles(this.deps.client, channel, files, token));
    } catch (error) {
      const code = error instanceof DeliveryError ? error.failure.reason : 'unknown';
      this.deps.logger.error({ code, files: files.length }, 'slack file upload failed; the message was delivered');
    }
  }

  /**
   * A message carrying `key` in its metadata, posted at or after `since`, in the person's DM: a send that may have
   * gone out before a crash (the app has `im:history`). Reads the newest messages only (up to 200 after `since`).
   */
  async findSent(target: MessengerTarget, key: string, since: Date): Promise<SentMessage | null> {
    const team = target.tenantId;
    const token = await this.token(team);
    const channel = storedDmChannel(target.address) ?? (await this.open(token, team, target.userId));
    const oldest = String(Math.max(0, Math.floor(since.getTime() / 1000) - 60));
    const result = await this.call(team, () =>
      this.deps.client.conversations.history({ token, channel, oldest, limit: 200, include_all_metadata: true }),
    );
    for (const message of result.messages ?? []) {
      if (message.ts && keysOf(message.metadata).includes(key)) return { messageId: message.ts };
    }
    return null;
  }

  private async token(team: string): Promise<string> {
    try {
      return await this.deps.auth.botToken(team);
    } catch (error) {
      if (
        error instanceof InstallationNotFoundError ||
        (error instanceof Error && error.cause instanceof InstallationNotFoundError)
      ) {
        throw new DeliveryError({ kind: 'permanent', reason: 'not_installed' }, { cause: error });
      }
      throw new DeliveryError(classifySlackError(error), { cause: error });
    }
  }

  private async open(token: string, team: string, userId: string): Promise<string> {
    const result = await this.call(team, () => this.deps.client.conversations.open({ token, users: userId }));
    const id = result.channel?.id;
    if (!id) throw new DeliveryError({ kind: 'transient', reason: 'conversations_open_without_channel' });
    return id;
  }

  private async post(
    token: string,
    team: string,
    channel: string,
    message: SlackMessage,
    replies: readonly Reply[],
    fence: { readonly keys?: readonly string[] | undefined; readonly notAfter?: number | undefined },
  ): Promise<string> {
    await this.pace(channel);
    const metadata = outboxMetadata(fence.keys ?? []);
    this.confirmStillOurs(fence.notAfter);
    try {
      const result = await this.call(team, () =>
        this.deps.client.chat.postMessage({
          token,
          channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...metadata,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!result.ts) throw new DeliveryError({ kind: 'transient', reason: 'post_without_ts' });
      return result.ts;
    } catch (error) {
      const code = platformErrorCode(error);
      if (!code || !RENDERING_SLACK_ERRORS.has(code) || !message.blocks) throw error;
      // Slack refused our blocks: that is our bug, not the person's. Say it in plain text rather than not at all.
      this.deps.logger.error(
        { code, blocks: message.blocks.length },
        'slack refused rendered blocks; sent as plain text',
      );
      const text = escapeMrkdwn(truncate(replies.map(renderPlainText).join('\n\n'), 39_000));
      this.confirmStillOurs(fence.notAfter);
      const result = await this.call(team, () =>
        this.deps.client.chat.postMessage({
          token,
          channel,
          text,
          ...metadata,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!result.ts) throw new DeliveryError({ kind: 'transient', reason: 'post_without_ts' });
      return result.ts;
    }
  }

  /**
   * Right before a post: past `notAfter` the scheduler's claim may run out before this call ends, and another
   * instance could then look for the message before it arrived. Not posted; the item is retried and checked first.
   */
  private confirmStillOurs(notAfter: number | undefined): void {
    if (notAfter !== undefined && Date.now() > notAfter)
      throw new DeliveryError({ kind: 'transient', reason: 'claim_expiring' });
  }

  /** Runs one Web API call; every failure leaves as a classified DeliveryError (a 429 also holds the workspace back). */
  private async call<T>(team: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.kind === 'transient' && failure.retryAfterMs !== undefined)
        this.heldUntil.set(team, this.schedulerNow() + failure.retryAfterMs);
      throw new DeliveryError(failure, { cause: error });
    }
  }

  /** Waits for the channel's next slot; gives the work back to the scheduler when the wait would be long. */
  private async pace(channel: string): Promise<void> {
    const gap = this.deps.perChannelGapMs ?? 1_000;
    const now = this.now();
    const slot = Math.max(now, this.nextSlot.get(channel) ?? 0);
    const wait = slot - now;
    if (wait > (this.deps.maxPacingWaitMs ?? 5_000))
      throw new DeliveryError({ kind: 'transient', reason: 'paced', retryAfterMs: wait });
    this.nextSlot.set(channel, slot + gap);
    if (this.nextSlot.size > 10_000) this.prune(now);
    if (wait > 0) await this.sleep(wait);
  }

  private prune(now: number): void {
    for (const [channel, slot] of this.nextSlot) if (slot < now) this.nextSlot.delete(channel);
  }
}
