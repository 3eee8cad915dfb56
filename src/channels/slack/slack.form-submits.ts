/**
 * A modal submit: the one place where Slack waits for our answer, because inline errors must be in the HTTP
 * response. The engine gets `submitDeadlineMs` (default 2 s; Slack allows 3); when it is slower, the modal is closed
 * and the outcome (also a form with errors, as a button to open it again) is posted in the DM instead.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { setTimeout as delay } from 'node:timers/promises';
import type { InboundEvent } from '../../core/events.js';
import type { Form, Reply } from '../../core/reply.js';
import { formsIn } from './block-kit.renderer.js';
import { answerWithErrors, decodeMeta, isFormCallback, valuesFromState, type ModalMeta } from './modal.renderer.js';
import type { Client, Destination, SlackAnswers } from './slack.answers.js';
import type { SlackTurns } from './slack.turns.js';
import { interactionTeam, slackIdentity, viewSubmissionSchema } from './slack-inbound.translator.js';

/** The action sent to the engine for a form button whose form can no longer be read: the engine answers it kindly. */
export const EXPIRED_FORM_ACTION = 'form:expired';

export interface FormSubmitsDeps {
  readonly turns: SlackTurns;
  readonly answers: SlackAnswers;
  readonly submitDeadlineMs?: number;
}

type ViewArgs = SlackViewMiddlewareArgs & AllMiddlewareArgs;

export class FormSubmits {
  constructor(private readonly deps: FormSubmitsDeps) {}

  async handle({ ack, body, client }: ViewArgs): Promise<void> {
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
    const from = { ...(eventId ? { eventId } : {}), from: identity };
    if (!meta || !values) {
      await ack();
      const expired: InboundEvent = { ...from, body: { type: 'action', action: EXPIRED_FORM_ACTION } };
      void this.track(() => this.deps.turns.decideAndAnswer(client, expired, destination), 'modal turns');
      return;
    }
    const value = meta.value !== undefined ? { value: meta.value } : {};
    const inbound: InboundEvent = {
      ...from,
      body: { type: 'action', action: `form:${meta.formId}`, ...value, values },
    };
    await this.answer(ack, client, inbound, destination, meta);
  }

  /** Within the deadline: a form with errors answers inline, anything else closes the modal and goes to the DM. */
  private async answer(
    ack: ViewArgs['ack'],
    client: Client,
    inbound: InboundEvent,
    destination: Destination,
    meta: ModalMeta,
  ): Promise<void> {
    const work = this.track(() => this.deps.turns.decide(inbound), 'modal turns');
    const outcome = await this.withinDeadline(work);
    if (!outcome) {
      // Too slow for Slack's 3 seconds: close the modal now, answer in the DM when the engine is done.
      await ack();
      void this.track(async () => this.deps.answers.deliver(client, await work, destination), 'modal answers');
      return;
    }
    const again = outcome.status === 'duplicate' ? undefined : formWithErrors(outcome.replies, meta.formId);
    if (again) {
      await ack(answerWithErrors(again, meta));
      return;
    }
    await ack();
    void this.track(() => this.deps.answers.deliver(client, outcome, destination), 'modal answers');
  }

  private track<T>(work: () => Promise<T>, kind: string): Promise<T> {
    return this.deps.turns.work.track(work, kind);
  }

  private async withinDeadline<T>(work: Promise<T>): Promise<T | null> {
    const timeout = new AbortController();
    const late = delay(this.deps.submitDeadlineMs ?? 2_000, null, { signal: timeout.signal }).catch(() => null);
    try {
      return await Promise.race([work, late]);
    } finally {
      timeout.abort();
    }
  }
}

/** The submitted form again, with errors: the engine's way of saying "not valid yet". */
function formWithErrors(replies: readonly Reply[], formId: string): Form | undefined {
  return formsIn(replies).find((f) => f.id === formId && f.errors && Object.keys(f.errors).length > 0);
}
