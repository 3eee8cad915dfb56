/**
 * The Bolt listeners: each one translates the payload into an engine event, stores it in the inbox, acknowledges
 * Slack, and then (in the background) hands it to the engine and posts what comes back. No coaching decision is made
 * here.
 *
 * Ordering and timing:
 *  - Nothing is acknowledged before it is durable: the receiver runs with `processBeforeResponse`, a DM, command or
 *    button is inserted in the inbox (slack.inbox.ts) before the 200, and a failed insert answers 500 (Slack retries
 *    events). The turn itself runs after the 200, so the engine's slowness never causes a Slack retry; a retry that
 *    does come (same `event_id`) finds the id in the inbox and does nothing.
 *  - A person's turns run one after another in this process (replies keep the order of the messages).
 *  - A modal submit is the one place where Slack waits for our answer (inline errors must be in the HTTP response):
 *    the engine gets `submitDeadlineMs`; when it is slower, the modal is closed and the outcome (also a form with
 *    errors, as a button to open it again) is posted in the DM instead.
 */
import type { App, webApi } from '@slack/bolt';
import { setTimeout as delay } from 'node:timers/promises';
import type { TurnOutcome } from '../../core/engine.js';
import type { ChannelIdentity, InboundEvent, ProfileHints } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import { filesIn, renderPlainText, type Form, type Reply } from '../../core/reply.js';
import { decodeActionId, escapeMrkdwn, formsIn, renderHome, renderMessages, truncate } from './block-kit.renderer.js';
import type { FormCodec } from './form.codec.js';
import {
  answerWithErrors,
  decodeMeta,
  isFormCallback,
  renderModal,
  valuesFromState,
  type ModalMeta,
} from './modal.renderer.js';
import type { SlackDirectory } from './slack.directory.js';
import type { JobAttempt, SlackInbox, SlackJob } from './slack.inbox.js';
import { uploadFiles } from './slack.files.js';
import { platformErrorCode, RENDERING_SLACK_ERRORS } from './slack-errors.classifier.js';
import {
  blockActionsSchema,
  commandBody,
  commandSchema,
  dmEventSchema,
  eventEnvelopeSchema,
  homeOpenedSchema,
  interactionTeam,
  isPersonDm,
  plainTextFromSlack,
  slackIdentity,
  tokensRevokedSchema,
  viewSubmissionSchema,
} from './slack-inbound.translator.js';

/** The action sent to the engine for a form button whose form can no longer be read: the engine answers it kindly. */
export const EXPIRED_FORM_ACTION = 'form:expired';

export interface SlackEdgeDeps {
  readonly engine: { receive(event: InboundEvent, options?: { replay?: boolean }): Promise<TurnOutcome> };
  /** The person's dashboard; someone who never wrote is created with their Slack profile first. */
  readonly dashboard: (identity: ChannelIdentity, profile?: ProfileHints) => Promise<Reply>;
  readonly directory: SlackDirectory;
  readonly codec: FormCodec;
  readonly logger: Logger;
  /** How long a modal submit waits for the engine before closing the modal (default 2,000 ms; Slack allows 3 s). */
  readonly submitDeadlineMs?: number;
  /** Called when a person writes or presses something (before their turn). */
  readonly onActive?: (identity: ChannelIdentity) => Promise<void>;
  /** Called for `app_uninstalled` / `tokens_revoked` (the bot token): the workspace removed the app. */
  readonly onUninstalled?: (teamId: string) => Promise<void>;
  /** A Web API client with the workspace's bot token (a turn may be processed by another instance, after a crash). */
  readonly clientFor: (team: string, token?: string) => Promise<Client>;
  /** Stores turns before the acknowledgement; created by the edge's owner with `edge.runJob` as its runner. */
  readonly inbox?: () => SlackInbox | undefined;
}

type Client = webApi.WebClient;

/** Where the answer to an interaction goes: a DM channel (known or looked up), maybe a thread, maybe the Home too. */
interface Destination {
  readonly identity: ChannelIdentity;
  readonly channelId?: string | undefined;
  readonly threadTs?: string | undefined;
  readonly home?: boolean | undefined;
  /** The turn's event id: each answer carries it in its Slack `metadata` (one answer per turn can then be checked). */
  readonly eventId?: string | undefined;
}

/** The `metadata.event_type` of an answer to a turn; `event_payload` is `{event, part, of}`. */
export const ANSWER_EVENT_TYPE = 'coach_answer';

export class SlackEdge {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Work in flight and its kind ('turns' for a stored event being answered; the graceful stop counts them). */
  private readonly inflight = new Map<Promise<unknown>, string>();

  constructor(private readonly d: SlackEdgeDeps) {}

  /** Resolves when every turn in progress has finished (graceful stop, tests). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight.keys()]);
  }

  /** Work in flight by kind: 'turns' (stored events being answered), 'requests' (listeners), 'other'. */
  inFlight(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const kind of this.inflight.values()) counts[kind] = (counts[kind] ?? 0) + 1;
    return counts;
  }

  register(app: App): void {
    // Everything a request sets off counts as in flight from the first middleware on: only microtasks lie between
    // Bolt's acknowledgement and this point, so idle() (graceful stop, tests) can never miss work that has begun.
    app.use(async ({ next }) => {
      await this.track(() => next(), 'requests');
    });

    app.event('message', async ({ event, body, context }) => {
      const dm = dmEventSchema.safeParse(event);
      if (!dm.success || !isPersonDm(dm.data, context.botUserId)) return;
      const envelope = eventEnvelopeSchema.catch({}).parse(body);
      const team = envelope.team_id ?? context.teamId;
      if (!team) return;
      const message = dm.data;
      await this.accept(
        {
          team,
          user: message.user,
          eventId: envelope.event_id ?? `ts:${message.channel}:${message.ts ?? ''}`,
          body: { type: 'text', text: plainTextFromSlack(message.text ?? '') },
          channelId: message.channel,
          threadTs: message.thread_ts,
        },
        context.botToken,
      );
    });

    app.event('app_home_opened', async ({ event, body, context, client }) => {
      const opened = homeOpenedSchema.safeParse(event);
      const team = eventEnvelopeSchema.catch({}).parse(body).team_id ?? context.teamId;
      if (!opened.success || opened.data.tab === 'messages' || !team) return;
      const identity = slackIdentity(team, opened.data.user);
      void this.track(async () => {
        await this.publishHome(client, identity, await this.d.directory.profile(team, identity.userId));
      }, 'home views');
    });

    app.event(/^(app_uninstalled|tokens_revoked)$/, async ({ event, body }) => {
      const team = eventEnvelopeSchema.catch({}).parse(body).team_id;
      // tokens_revoked also fires when only a user token goes; the installation is gone with the bot token only.
      const revoked = tokensRevokedSchema.safeParse(event);
      if (revoked.success && (revoked.data.tokens.bot ?? []).length === 0) return;
      const uninstalled = this.d.onUninstalled;
      if (team && uninstalled) await this.track(() => uninstalled(team));
    });

    app.command('/coach', async ({ ack, body, context }) => {
      const command = commandSchema.safeParse(body);
      if (!command.success) {
        await ack();
        return;
      }
      const { team_id: team, user_id: user, text, trigger_id: trigger } = command.data;
      // Answers go to the DM, never to the channel the command was typed in: coaching is private.
      await this.accept({ team, user, eventId: `trigger:${trigger}`, body: commandBody(text) }, context.botToken);
      await ack();
    });

    app.action(/.*/, async ({ ack, body, client, context }) => {
      const payload = blockActionsSchema.safeParse(body);
      if (!payload.success) {
        await ack();
        return;
      }
      const step = await this.blockAction(payload.data);
      if (step?.kind === 'job') await this.accept(step.job, context.botToken);
      await ack();
      if (step?.kind === 'open-form')
        void this.track(() => this.openForm(client, step.triggerId, step.form, step.meta));
    });

    app.view({ callback_id: /^form\|/, type: 'view_submission' }, async ({ ack, body, client }) => {
      const payload = viewSubmissionSchema.safeParse(body);
      const team = payload.success ? interactionTeam(payload.data) : undefined;
      if (!payload.success || !team || !isFormCallback(payload.data.view.callback_id)) {
        await ack();
        return;
      }
      const submission = payload.data;
      const identity = slackIdentity(team, submission.user.id);
      const meta = decodeMeta(submission.view.private_metadata);
      const values = valuesFromState(submission.view.state.values);
      const eventId = submission.trigger_id ? `trigger:${submission.trigger_id}` : undefined;
      const destination: Destination = { identity, channelId: meta?.channelId, home: meta?.home, eventId };
      if (!meta || !values) {
        await ack();
        void this.track(
          () =>
            this.turn(
              client,
              {
                ...(eventId ? { eventId } : {}),
                from: identity,
                body: { type: 'action', action: EXPIRED_FORM_ACTION },
              },
              destination,
            ),
          'modal turns',
        );
        return;
      }
      const inbound: InboundEvent = {
        ...(eventId ? { eventId } : {}),
        from: identity,
        body: {
          type: 'action',
          action: `form:${meta.formId}`,
          ...(meta.value !== undefined ? { value: meta.value } : {}),
          values,
        },
      };
      const work = this.track(() => this.serial(identity, () => this.d.engine.receive(inbound)), 'modal turns');
      const outcome = await this.withinDeadline(work);
      if (!outcome) {
        // Too slow for Slack's 3 seconds: close the modal now, answer in the DM when the engine is done.
        await ack();
        void this.track(async () => this.deliver(client, await work, destination), 'modal answers');
        return;
      }
      const again = outcome.status === 'duplicate' ? undefined : formWithErrors(outcome.replies, meta.formId);
      if (again) {
        await ack(answerWithErrors(again, meta));
        return;
      }
      await ack();
      void this.track(() => this.deliver(client, outcome, destination), 'modal answers');
    });

    app.error(async (error) => {
      // Not stored, so not acknowledged: rethrown, the receiver answers 500 and Slack retries (or shows a failure).
      if (error.code === 'slack_inbox_unavailable') throw error;
      this.d.logger.error({ code: error.code, err: error.message }, 'slack listener failed');
    });
  }

  /** What a button press asks for: a modal to open (now: its trigger lasts 3 s) or a turn to store and run. */
  private async blockAction(
    payload: ReturnType<typeof blockActionsSchema.parse>,
  ): Promise<
    { kind: 'open-form'; triggerId: string; form: Form; meta: ModalMeta } | { kind: 'job'; job: SlackJob } | undefined
  > {
    const team = interactionTeam(payload);
    const action = payload.actions[0];
    if (!team || !action) return undefined;
    const fromHome = payload.container?.type === 'view' && payload.view?.type === 'home';
    const channelId = payload.channel?.id ?? payload.container?.channel_id;
    const decoded = decodeActionId(action.action_id, action.value);
    if (decoded.kind === 'open-form') {
      const form = await this.d.codec.decode(decoded.formValue);
      if (form) {
        const meta: ModalMeta = {
          formId: form.id,
          ...(form.value !== undefined ? { value: form.value } : {}),
          ...(channelId ? { channelId } : {}),
          ...(fromHome ? { home: true } : {}),
        };
        return { kind: 'open-form', triggerId: payload.trigger_id, form, meta };
      }
    }
    const body: InboundEvent['body'] =
      decoded.kind === 'action'
        ? { type: 'action', action: decoded.action, ...(decoded.value !== undefined ? { value: decoded.value } : {}) }
        : { type: 'action', action: decoded.kind === 'open-form' ? EXPIRED_FORM_ACTION : action.action_id };
    return {
      kind: 'job',
      job: {
        team,
        user: payload.user.id,
        eventId: `trigger:${payload.trigger_id}`,
        body,
        channelId,
        threadTs: payload.container?.thread_ts,
        home: fromHome,
      },
    };
  }

  private async openForm(client: Client, triggerId: string, form: Form, meta: ModalMeta): Promise<void> {
    try {
      await client.views.open({ trigger_id: triggerId, view: renderModal(form, meta) });
    } catch (error) {
      this.d.logger.warn({ code: platformErrorCode(error) ?? 'unknown' }, 'slack views.open failed');
    }
  }

  /** Stores the turn before the acknowledgement (through the inbox), or runs it at once where there is no inbox. */
  private async accept(job: SlackJob, token: string | undefined): Promise<void> {
    const inbox = this.d.inbox?.();
    if (inbox) await inbox.accept(job, token);
    else
      void this.track(
        () =>
          this.runJob(job, { attempts: 1, receivedAt: new Date(), final: true, stillOurs: async () => true }, token),
        'turns',
      );
  }

  /**
   * One stored turn: the engine decides (or, when the turn had committed before a crash, gives back its saved
   * answer), and the answer is posted. On a later attempt, the parts of the answer already in the DM (found by their
   * metadata) are not posted again. 'retry' when the turn failed and this is not the last attempt.
   */
  async runJob(job: SlackJob, attempt: JobAttempt, token?: string): Promise<'done' | 'retry' | 'taken-over'> {
    const client = await this.d.clientFor(job.team, token);
    const identity = slackIdentity(job.team, job.user);
    const profile = await this.d.directory.profile(job.team, job.user);
    const event: InboundEvent = { eventId: job.eventId, from: identity, profile, body: job.body };
    // Someone writing is reachable again, should the workspace have removed the app before (reinstalled since).
    await this.d.onActive?.(identity);
    const outcome = await this.serial(identity, () => this.d.engine.receive(event, { replay: true }));
    if (outcome.status === 'failed' && !attempt.final) return 'retry';
    const destination: Destination = {
      identity,
      channelId: job.channelId,
      threadTs: job.threadTs,
      home: job.home,
      eventId: job.eventId,
    };
    if (!(await attempt.stillOurs())) return 'taken-over';
    const posted = attempt.attempts > 1 ? await this.postedParts(client, destination, attempt.receivedAt) : undefined;
    await this.deliver(client, outcome, destination, posted);
    return 'done';
  }

  /** The parts of this event's answer that an earlier attempt already posted in the DM. */
  private async postedParts(client: Client, destination: Destination, since: Date): Promise<Set<number>> {
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

  /** One engine turn for this person (after their earlier ones), then its replies delivered. */
  private async turn(client: Client, event: InboundEvent, destination: Destination): Promise<void> {
    // Someone writing is reachable again, should the workspace have removed the app before (reinstalled since).
    await this.d.onActive?.(event.from);
    const outcome = await this.serial(event.from, () => this.d.engine.receive(event));
    await this.deliver(client, outcome, { ...destination, eventId: event.eventId });
  }

  private async deliver(
    client: Client,
    outcome: TurnOutcome,
    destination: Destination,
    alreadyPosted?: ReadonlySet<number>,
  ): Promise<void> {
    if (outcome.status === 'duplicate') return;
    if (outcome.replies.length > 0) {
      const channel = destination.channelId ?? (await this.openDm(client, destination.identity.userId));
      if (channel)
        await this.post(client, channel, outcome.replies, destination.threadTs, destination.eventId, alreadyPosted);
    }
    if (destination.home) await this.publishHome(client, destination.identity);
  }

  private async publishHome(client: Client, identity: ChannelIdentity, profile?: ProfileHints): Promise<void> {
    const home = await this.d.dashboard(identity, profile);
    const forms = await this.d.codec.encodeAll(formsIn([home]));
    try {
      await client.views.publish({ user_id: identity.userId, view: renderHome(home, forms) });
    } catch (error) {
      this.d.logger.warn({ code: platformErrorCode(error) ?? 'unknown' }, 'slack views.publish failed');
    }
  }

  private async openDm(client: Client, userId: string): Promise<string | undefined> {
    try {
      return (await client.conversations.open({ users: userId })).channel?.id;
    } catch (error) {
      this.d.logger.warn({ code: platformErrorCode(error) ?? 'unknown' }, 'slack conversations.open failed');
      return undefined;
    }
  }

  /** Posts replies in order. A refused rendering is retried as plain text; any other failure stops the rest. */
  private async post(
    client: Client,
    channel: string,
    replies: readonly Reply[],
    threadTs?: string,
    eventId?: string,
    alreadyPosted?: ReadonlySet<number>,
  ): Promise<void> {
    if (await this.postMessages(client, channel, replies, threadTs, eventId, alreadyPosted))
      await this.postFiles(client, channel, replies);
  }

  /** Files after the messages that introduce them; a refused upload is logged (code only). */
  private async postFiles(client: Client, channel: string, replies: readonly Reply[]): Promise<void> {
    const files = filesIn(replies);
    if (files.length === 0) return;
    await uploadFiles(client, channel, files).catch((error: unknown) => {
      this.d.logger.warn({ code: platformErrorCode(error) ?? 'unknown' }, 'slack file upload failed');
    });
  }

  /** Posts the replies' messages; false when a failure stopped the rest. */
  private async postMessages(
    client: Client,
    channel: string,
    replies: readonly Reply[],
    threadTs?: string,
    eventId?: string,
    alreadyPosted?: ReadonlySet<number>,
  ): Promise<boolean> {
    const forms = await this.d.codec.encodeAll(formsIn(replies));
    const rendered = replies.map((reply) => ({ reply, messages: renderMessages(reply, forms) }));
    const of = rendered.reduce((n, r) => n + r.messages.length, 0);
    let part = 0;
    for (const { reply, messages } of rendered) {
      for (const message of messages) {
        if (alreadyPosted?.has(part)) {
          part++;
          continue;
        }
        const base = {
          channel,
          unfurl_links: false,
          unfurl_media: false,
          ...(threadTs ? { thread_ts: threadTs } : {}),
          ...(eventId
            ? { metadata: { event_type: ANSWER_EVENT_TYPE, event_payload: { event: eventId, part: part++, of } } }
            : {}),
        };
        try {
          await client.chat.postMessage({
            ...base,
            text: message.text,
            ...(message.blocks ? { blocks: message.blocks } : {}),
          });
        } catch (error) {
          const code = platformErrorCode(error);
          if (code && RENDERING_SLACK_ERRORS.has(code) && message.blocks) {
            this.d.logger.error(
              { code, blocks: message.blocks.length },
              'slack refused rendered blocks; sent as plain text',
            );
            await client.chat
              .postMessage({ ...base, text: escapeMrkdwn(truncate(renderPlainText(reply), 39_000)) })
              .catch(() => undefined);
            break;
          }
          this.d.logger.warn(
            { code: code ?? (error instanceof Error ? error.name : 'unknown') },
            'slack chat.postMessage failed',
          );
          return false;
        }
      }
    }
    return true;
  }

  private async withinDeadline<T>(work: Promise<T>): Promise<T | null> {
    const timeout = new AbortController();
    const late = delay(this.d.submitDeadlineMs ?? 2_000, null, { signal: timeout.signal }).catch(() => null);
    try {
      return await Promise.race([work, late]);
    } finally {
      timeout.abort();
    }
  }

  /** Runs a person's work after their earlier work in this process. */
  private serial<T>(identity: ChannelIdentity, task: () => Promise<T>): Promise<T> {
    const key = `${identity.tenantId}:${identity.userId}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(task);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }

  /** Counts work as in flight until it settles (idle() and the graceful stop wait for it). */
  track<T>(work: () => Promise<T>, kind = 'other'): Promise<T> {
    const promise = work();
    this.inflight.set(promise, kind);
    void promise.catch(() => undefined).finally(() => this.inflight.delete(promise));
    return promise;
  }
}

/** The submitted form again, with errors: the engine's way of saying "not valid yet". */
function formWithErrors(replies: readonly Reply[], formId: string): Form | undefined {
  return formsIn(replies).find((f) => f.id === formId && f.errors && Object.keys(f.errors).length > 0);
}
