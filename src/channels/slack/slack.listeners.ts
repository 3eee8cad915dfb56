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
import type { App } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import type { Form } from '../../core/reply.js';
import { decodeActionId } from './block-kit.renderer.js';
import type { FormCodec } from './form.codec.js';
import { renderModal, type ModalMeta } from './modal.renderer.js';
import type { Client, SlackAnswers } from './slack.answers.js';
import type { SlackDirectory } from './slack.directory.js';
import type { SlackJob } from './slack.inbox.js';
import { platformErrorCode } from './slack-errors.classifier.js';
import { FormSubmits, EXPIRED_FORM_ACTION } from './slack.form-submits.js';
import type { SlackTurns } from './slack.turns.js';
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
} from './slack-inbound.translator.js';

/** An event's envelope, or nothing known (built once: a schema is not free to build on every turn). */
const envelopeOf = eventEnvelopeSchema.catch({});

export { EXPIRED_FORM_ACTION } from './slack.form-submits.js';

export interface SlackListenersDeps {
  readonly turns: SlackTurns;
  readonly answers: SlackAnswers;
  readonly directory: SlackDirectory;
  readonly codec: FormCodec;
  readonly logger: Logger;
  /** How long a modal submit waits for the engine before closing the modal (default 2,000 ms; Slack allows 3 s). */
  readonly submitDeadlineMs?: number;
  /** Called for `app_uninstalled` / `tokens_revoked` (the bot token): the workspace removed the app. */
  readonly onUninstalled?: (teamId: string) => Promise<void>;
}

type BlockActions = ReturnType<typeof blockActionsSchema.parse>;

/** What a button press asks for: a modal to open (now: its trigger lasts 3 s) or a turn to store and run. */
type ButtonStep =
  | { readonly kind: 'open-form'; readonly triggerId: string; readonly form: Form; readonly meta: ModalMeta }
  | { readonly kind: 'job'; readonly job: SlackJob };

export class SlackListeners {
  private readonly submits: FormSubmits;

  constructor(private readonly deps: SlackListenersDeps) {
    this.submits = new FormSubmits(deps);
  }

  register(app: App): void {
    const work = this.deps.turns.work;
    // Everything a request sets off counts as in flight from the first middleware on: only microtasks lie between
    // Bolt's acknowledgement and this point, so idle() (graceful stop, tests) can never miss work that has begun.
    app.use(async ({ next }) => {
      await work.track(() => next(), 'requests');
    });
    this.onDirectMessage(app);
    this.onHomeOpened(app);
    this.onUninstall(app);
    this.onCommand(app);
    this.onButton(app);
    app.view({ callback_id: /^form\|/, type: 'view_submission' }, (args) => this.submits.handle(args));
    app.error(async (error) => {
      // Not stored, so not acknowledged: rethrown, the receiver answers 500 and Slack retries (or shows a failure).
      if (error.code === 'slack_inbox_unavailable') throw error;
      this.deps.logger.error({ code: error.code, err: error.message }, 'slack listener failed');
    });
  }

  private onDirectMessage(app: App): void {
    app.event('message', async ({ event, body, context }) => {
      const dm = dmEventSchema.safeParse(event);
      if (!dm.success || !isPersonDm(dm.data, context.botUserId)) return;
      const envelope = envelopeOf.parse(body);
      const team = envelope.team_id ?? context.teamId;
      if (!team) return;
      const message = dm.data;
      const job: SlackJob = {
        team,
        user: message.user,
        eventId: envelope.event_id ?? `ts:${message.channel}:${message.ts ?? ''}`,
        body: { type: 'text', text: plainTextFromSlack(message.text ?? '') },
        channelId: message.channel,
        threadTs: message.thread_ts,
      };
      await this.deps.turns.accept(job, context.botToken);
    });
  }

  private onHomeOpened(app: App): void {
    app.event('app_home_opened', async ({ event, body, context, client }) => {
      const opened = homeOpenedSchema.safeParse(event);
      const team = envelopeOf.parse(body).team_id ?? context.teamId;
      if (!opened.success || opened.data.tab === 'messages' || !team) return;
      const identity = slackIdentity(team, opened.data.user);
      void this.deps.turns.work.track(async () => {
        const profile = await this.deps.directory.profile(team, identity.userId);
        await this.deps.answers.publishHome(client, identity, profile);
      }, 'home views');
    });
  }

  private onUninstall(app: App): void {
    app.event(/^(app_uninstalled|tokens_revoked)$/, async ({ event, body }) => {
      const team = envelopeOf.parse(body).team_id;
      // tokens_revoked also fires when only a user token goes; the installation is gone with the bot token only.
      const revoked = tokensRevokedSchema.safeParse(event);
      if (revoked.success && (revoked.data.tokens.bot ?? []).length === 0) return;
      const uninstalled = this.deps.onUninstalled;
      if (team && uninstalled) await this.deps.turns.work.track(() => uninstalled(team));
    });
  }

  private onCommand(app: App): void {
    app.command('/coach', async ({ ack, body, context }) => {
      const command = commandSchema.safeParse(body);
      if (!command.success) {
        await ack();
        return;
      }
      const { team_id: team, user_id: user, text, trigger_id: trigger } = command.data;
      // Answers go to the DM, never to the channel the command was typed in: coaching is private.
      await this.deps.turns.accept(
        { team, user, eventId: `trigger:${trigger}`, body: commandBody(text) },
        context.botToken,
      );
      await ack();
    });
  }

  private onButton(app: App): void {
    app.action(/.*/, async ({ ack, body, client, context }) => {
      const payload = blockActionsSchema.safeParse(body);
      if (!payload.success) {
        await ack();
        return;
      }
      const step = await this.buttonStep(payload.data);
      if (step?.kind === 'job') await this.deps.turns.accept(step.job, context.botToken);
      await ack();
      if (step?.kind === 'open-form')
        void this.deps.turns.work.track(() => this.openForm(client, step.triggerId, step.form, step.meta));
    });
  }

  private async buttonStep(payload: BlockActions): Promise<ButtonStep | undefined> {
    const team = interactionTeam(payload);
    const action = payload.actions[0];
    if (!team || !action) return undefined;
    const fromHome = payload.container?.type === 'view' && payload.view?.type === 'home';
    const channelId = payload.channel?.id ?? payload.container?.channel_id;
    const decoded = decodeActionId(action.action_id, action.value);
    if (decoded.kind === 'open-form') {
      const form = await this.deps.codec.decode(decoded.formValue);
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
    const body: SlackJob['body'] =
      decoded.kind === 'action'
        ? { type: 'action', action: decoded.action, ...(decoded.value !== undefined ? { value: decoded.value } : {}) }
        : { type: 'action', action: decoded.kind === 'open-form' ? EXPIRED_FORM_ACTION : action.action_id };
    const { thread_ts: threadTs } = payload.container ?? {};
    const eventId = `trigger:${payload.trigger_id}`;
    return { kind: 'job', job: { team, user: payload.user.id, eventId, body, channelId, threadTs, home: fromHome } };
  }

  private async openForm(client: Client, triggerId: string, form: Form, meta: ModalMeta): Promise<void> {
    try {
      await client.views.open({ trigger_id: triggerId, view: renderModal(form, meta) });
    } catch (error) {
      this.deps.logger.warn({ code: platformErrorCode(error) ?? 'unknown' }, 'slack views.open failed');
    }
  }
}
