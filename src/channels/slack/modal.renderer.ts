/**
 * A form as a Slack modal, and a submitted modal back as the engine's `values`.
 *
 * Each input is an input block whose `block_id` is the form input's id, so the engine's `errors` (keyed by input id)
 * map one-to-one onto Slack's `response_action: 'errors'`. The modal's `private_metadata` carries the form id, the
 * engine's step token (`form.value`) and where to post the answer; Slack returns it untouched with the submit.
 * Pitfalls: a modal title and its submit label are at most 24 characters; `initial_option` must equal one of the
 * options exactly; a datepicker's `initial_date` must be `YYYY-MM-DD` or Slack rejects the whole view.
 */
import type { types as slack } from '@slack/bolt';
import { z } from 'zod';
import type { Form, FormInput } from '../../core/reply.js';
import { escapeMrkdwn, truncate } from './block-kit.renderer.js';

export const INPUT_ACTION_ID = 'value';
const CALLBACK_PREFIX = 'form|';

/** What a modal remembers about where it came from. */
export interface ModalMeta {
  readonly formId: string;
  /** The engine's step token, echoed back as the action's value. */
  readonly value?: string;
  /** The DM to answer in, when the form was opened from a message (from the App Home it is looked up). */
  readonly channelId?: string;
  /** Opened from the App Home: republish it after the submit. */
  readonly home?: boolean;
}

const metaSchema = z.object({
  f: z.string().min(1),
  v: z.string().optional(),
  c: z.string().optional(),
  h: z.literal(1).optional(),
});

export function encodeMeta(meta: ModalMeta): string {
  return JSON.stringify({
    f: meta.formId,
    ...(meta.value !== undefined ? { v: meta.value } : {}),
    ...(meta.channelId ? { c: meta.channelId } : {}),
    ...(meta.home ? { h: 1 } : {}),
  });
}

export function decodeMeta(raw: string | undefined): ModalMeta | null {
  if (!raw) return null;
  try {
    const parsed = metaSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const { f, v, c, h } = parsed.data;
    return {
      formId: f,
      ...(v !== undefined ? { value: v } : {}),
      ...(c ? { channelId: c } : {}),
      ...(h ? { home: true } : {}),
    };
  } catch {
    return null;
  }
}

export const callbackIdFor = (form: Form): string => `${CALLBACK_PREFIX}${form.id}`.slice(0, 255);
export const isFormCallback = (callbackId: string): boolean => callbackId.startsWith(CALLBACK_PREFIX);

const plain = (text: string, limit: number): slack.PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text || ' ', limit),
  emoji: true,
});

function option(o: { value: string; label: string }): slack.PlainTextOption {
  return { text: plain(o.label, 75), value: o.value.slice(0, 150) };
}

function element(input: FormInput): slack.InputBlockElement {
  const placeholder = input.placeholder ? { placeholder: plain(input.placeholder, 150) } : {};
  switch (input.type) {
    case 'text':
    case 'multiline':
      return {
        type: 'plain_text_input',
        action_id: INPUT_ACTION_ID,
        multiline: input.type === 'multiline',
        ...(input.maxLength ? { max_length: Math.min(input.maxLength, 3_000) } : {}),
        ...(input.initial ? { initial_value: input.initial } : {}),
        ...placeholder,
      };
    case 'date':
      return {
        type: 'datepicker',
        action_id: INPUT_ACTION_ID,
        ...(input.initial && /^\d{4}-\d{2}-\d{2}$/.test(input.initial) ? { initial_date: input.initial } : {}),
        ...placeholder,
      };
    case 'choice': {
      const options = (input.options ?? []).slice(0, 100).map(option);
      const initial = options.find((o) => o.value === input.initial);
      if (options.length <= 5)
        return {
          type: 'radio_buttons',
          action_id: INPUT_ACTION_ID,
          options,
          ...(initial ? { initial_option: initial } : {}),
        };
      return {
        type: 'static_select',
        action_id: INPUT_ACTION_ID,
        options,
        ...(initial ? { initial_option: initial } : {}),
        ...placeholder,
      };
    }
    default: {
      const never: never = input.type;
      throw new Error(`unknown input type ${String(never)}`);
    }
  }
}

/**
 * The modal for a form. Errors in the form are shown under their inputs as context lines: this is how a re-rendered
 * form (`response_action: 'update'`) shows them when Slack's own inline errors cannot be used.
 */
export function renderModal(form: Form, meta: ModalMeta): slack.ModalView {
  const blocks: slack.KnownBlock[] = [];
  if ([...form.title].length > 24)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(truncate(form.title, 2_900))}*` } });
  const inputIds = new Set(form.inputs.map((i) => i.id));
  const general = Object.entries(form.errors ?? {})
    .filter(([id]) => !inputIds.has(id))
    .map(([, message]) => message);
  if (general.length > 0)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(truncate(general.join(' '), 2_900))}` }],
    });
  for (const input of form.inputs.slice(0, 99)) {
    blocks.push({
      type: 'input',
      block_id: input.id.slice(0, 255),
      label: plain(input.label, 2_000),
      optional: !input.required,
      element: element(input),
    });
    const error = form.errors?.[input.id];
    if (error)
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(truncate(error, 2_900))}` }],
      });
  }
  return {
    type: 'modal',
    callback_id: callbackIdFor(form),
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    private_metadata: encodeMeta(meta),
    blocks: blocks.slice(0, 100),
  };
}

const stateValueSchema = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
});
const stateSchema = z.record(z.string(), z.record(z.string(), stateValueSchema));

/** A submitted modal's state as `values` keyed by input id; an input left empty is ''. */
export function valuesFromState(state: unknown): Record<string, string> | null {
  const parsed = stateSchema.safeParse(state);
  if (!parsed.success) return null;
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(parsed.data)) {
    const entry = actions[INPUT_ACTION_ID];
    if (!entry) continue;
    values[blockId] = entry.value ?? entry.selected_date ?? entry.selected_option?.value ?? '';
  }
  return values;
}

/** The engine's inline errors for Slack's `response_action: 'errors'`, limited to inputs the modal has. */
export function slackErrors(form: Form): Record<string, string> {
  const ids = new Set(form.inputs.map((i) => i.id));
  return Object.fromEntries(
    Object.entries(form.errors ?? {})
      .filter(([id]) => ids.has(id))
      .map(([id, message]) => [id.slice(0, 255), truncate(message, 2_000)]),
  );
}

/**
 * How to answer a submit that the engine sent back with errors. Slack's own inline errors (`response_action:
 * 'errors'`) keep what was typed, but cannot change the modal's metadata: they are used when the engine's step token
 * is unchanged and every error belongs to an input. Otherwise the modal is re-rendered (`update`) with the new token
 * and the errors as lines under their inputs; typed values survive because block and action ids stay the same.
 */
export function answerWithErrors(
  again: Form,
  meta: ModalMeta,
):
  { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'update'; view: slack.ModalView } {
  const errors = slackErrors(again);
  const sameStep = (again.value ?? '') === (meta.value ?? '');
  if (sameStep && Object.keys(errors).length === Object.keys(again.errors ?? {}).length)
    return { response_action: 'errors', errors };
  return {
    response_action: 'update',
    view: renderModal(again, { ...meta, ...(again.value !== undefined ? { value: again.value } : {}) }),
  };
}
