/**
 * The engine's `Reply` as Block Kit, for messages and for the App Home. Pure translation: every limit Slack enforces
 * (3,000 characters a section, 10 fields a section, 25 buttons an actions block, 75 characters a button label,
 * 50 blocks a message, 100 a Home view) is met here by splitting or shortening, so a long reply never makes
 * `chat.postMessage` fail with `invalid_blocks`.
 *
 * Buttons: Slack only echoes `action_id` and `value`, and `action_id` must be unique within a message. The engine's
 * `action` is therefore carried in `action_id` behind a per-message counter (`act|3|step:prepare`), and its `value`
 * verbatim in `value`; `decodeActionId` recovers both. A form becomes a button that opens a modal; its definition
 * travels in the button's value (see form.codec.ts), because the modal must open within 3 seconds of the click.
 */
import type { types as slack } from '@slack/bolt';
import type { Block, Button, Form, Reply } from '../../core/reply.js';

export const MESSAGE_BLOCK_LIMIT = 50;
export const VIEW_BLOCK_LIMIT = 100;
const SECTION_TEXT_LIMIT = 3_000;
const FIELD_LIMIT = 2_000;
const FIELDS_PER_SECTION = 10;
const BUTTONS_PER_BLOCK = 25;
const BUTTON_LABEL_LIMIT = 75;
const BUTTON_VALUE_LIMIT = 2_000;
const ACTION_ID_LIMIT = 255;

/** One Slack message: `text` is the notification and screen-reader fallback; `blocks` what clients show. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks?: slack.KnownBlock[];
}

/** How a form's opener button carries the form (computed before rendering; may involve storage for large forms). */
export type FormValues = ReadonlyMap<Form, string>;

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters; everything else is shown as typed. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function truncate(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

/** Splits text into pieces of at most `limit` characters, preferring line breaks, then spaces. */
export function splitText(text: string, limit = SECTION_TEXT_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) cut = limit;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

const mrkdwnSections = (text: string): slack.SectionBlock[] =>
  splitText(escapeMrkdwn(text)).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece || ' ' } }));

/** Encodes an engine action into a per-message unique `action_id`. Long actions fall back to the value. */
export function encodeButton(button: Button, index: number): { action_id: string; value?: string } {
  const actionId = `act|${index}|${button.action}`;
  if (actionId.length <= ACTION_ID_LIMIT)
    return button.value === undefined ? { action_id: actionId } : { action_id: actionId, value: button.value };
  return { action_id: `actv|${index}`, value: JSON.stringify([button.action, button.value ?? null]) };
}

export type DecodedAction =
  | { readonly kind: 'action'; readonly action: string; readonly value?: string }
  | { readonly kind: 'open-form'; readonly formValue: string }
  | { readonly kind: 'unknown' };

/** Recovers what a button meant from the `action_id` and `value` Slack echoes back. */
export function decodeActionId(actionId: string, value: string | undefined): DecodedAction {
  const act = /^act\|\d+\|(.+)$/s.exec(actionId);
  if (act?.[1])
    return value === undefined ? { kind: 'action', action: act[1] } : { kind: 'action', action: act[1], value };
  if (/^actv\|\d+$/.test(actionId) && value) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed) && typeof parsed[0] === 'string') {
        return typeof parsed[1] === 'string'
          ? { kind: 'action', action: parsed[0], value: parsed[1] }
          : { kind: 'action', action: parsed[0] };
      }
    } catch {
      return { kind: 'unknown' };
    }
  }
  if (/^form\|\d+$/.test(actionId) && value) return { kind: 'open-form', formValue: value };
  return { kind: 'unknown' };
}

interface Counter {
  next(): number;
}

function buttonElement(button: Button, counter: Counter): slack.Button | null {
  const encoded = encodeButton(button, counter.next());
  if (encoded.value !== undefined && encoded.value.length > BUTTON_VALUE_LIMIT) return null;
  return {
    type: 'button',
    text: { type: 'plain_text', text: truncate(button.label, BUTTON_LABEL_LIMIT), emoji: true },
    ...encoded,
    ...(button.style ? { style: button.style } : {}),
  };
}

function formBlocks(form: Form, counter: Counter, formValues: FormValues): slack.KnownBlock[] {
  const value = formValues.get(form);
  const blocks: slack.KnownBlock[] = [];
  const errors = Object.entries(form.errors ?? {});
  if (errors.length > 0) {
    const labels = new Map(form.inputs.map((i) => [i.id, i.label]));
    blocks.push(...mrkdwnSections(errors.map(([id, message]) => `• ${labels.get(id) ?? id}: ${message}`).join('\n')));
  }
  if (value !== undefined) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: truncate(form.title, BUTTON_LABEL_LIMIT), emoji: true },
          action_id: `form|${counter.next()}`,
          value,
          style: 'primary',
        },
      ],
    });
  }
  return blocks;
}

function renderBlock(block: Block, counter: Counter, formValues: FormValues): slack.KnownBlock[] {
  switch (block.kind) {
    case 'text':
      return mrkdwnSections(block.text);
    case 'section':
      return splitText(`*${escapeMrkdwn(block.title)}*${block.text ? `\n${escapeMrkdwn(block.text)}` : ''}`).map(
        (piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } }),
      );
    case 'fields': {
      const out: slack.KnownBlock[] = [];
      for (let i = 0; i < block.fields.length; i += FIELDS_PER_SECTION) {
        const fields = block.fields.slice(i, i + FIELDS_PER_SECTION).map((f) => ({
          type: 'mrkdwn' as const,
          text: truncate(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, FIELD_LIMIT),
        }));
        out.push({ type: 'section', fields });
      }
      return out;
    }
    case 'list': {
      const lines = block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${escapeMrkdwn(item)}`);
      const head = block.title ? `*${escapeMrkdwn(block.title)}*\n` : '';
      return splitText(`${head}${lines.join('\n')}`).map((piece) => ({
        type: 'section',
        text: { type: 'mrkdwn', text: piece || ' ' },
      }));
    }
    case 'buttons': {
      const elements = block.buttons.map((b) => buttonElement(b, counter)).filter((b): b is slack.Button => b !== null);
      const out: slack.KnownBlock[] = [];
      for (let i = 0; i < elements.length; i += BUTTONS_PER_BLOCK)
        out.push({ type: 'actions', elements: elements.slice(i, i + BUTTONS_PER_BLOCK) });
      return out;
    }
    case 'form':
      return formBlocks(block.form, counter, formValues);
    default: {
      const never: never = block;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

/** All blocks of a reply, its `text` first (clients show blocks instead of `text` when both are given). */
export function renderBlocks(
  reply: Reply,
  formValues: FormValues = new Map(),
  counter: Counter = makeCounter(),
): slack.KnownBlock[] {
  const blocks: slack.KnownBlock[] = reply.text.trim() ? mrkdwnSections(reply.text) : [];
  for (const block of reply.blocks ?? []) blocks.push(...renderBlock(block, counter, formValues));
  return blocks;
}

export function makeCounter(): Counter {
  let n = 0;
  return { next: () => n++ };
}

/**
 * A reply as one or more messages: usually one; more only when it exceeds 50 blocks. A reply without rich blocks is
 * sent as plain text (Slack renders `text` as mrkdwn, so it is escaped the same way).
 */
export function renderMessages(reply: Reply, formValues: FormValues = new Map()): SlackMessage[] {
  if (!reply.blocks || reply.blocks.length === 0)
    return [{ text: escapeMrkdwn(truncate(reply.text.trim() || ' ', 39_000)) }];
  const text = escapeMrkdwn(truncate(reply.text.trim() || ' ', 3_000));
  const blocks = renderBlocks(reply, formValues);
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += MESSAGE_BLOCK_LIMIT)
    messages.push({ text, blocks: blocks.slice(i, i + MESSAGE_BLOCK_LIMIT) });
  return messages;
}

/**
 * Several replies as one message when they fit (proactive sends: one API call makes the delivery all-or-nothing, so
 * a retried delivery cannot repeat half of it). Falls back to one message per reply when they do not fit.
 */
export function renderCombined(replies: readonly Reply[], formValues: FormValues = new Map()): SlackMessage[] {
  if (replies.length === 1 && replies[0]) return renderMessages(replies[0], formValues);
  const counter = makeCounter();
  const blocks: slack.KnownBlock[] = [];
  replies.forEach((reply, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(...renderBlocks(reply, formValues, counter));
  });
  const text = escapeMrkdwn(
    truncate(
      replies
        .map((r) => r.text.trim())
        .filter(Boolean)
        .join('\n\n') || ' ',
      3_000,
    ),
  );
  if (blocks.length <= MESSAGE_BLOCK_LIMIT) return [{ text, blocks }];
  return replies.flatMap((r) => renderMessages(r, formValues));
}

/** The App Home tab: the dashboard reply as a `home` view (at most 100 blocks). */
export function renderHome(reply: Reply, formValues: FormValues = new Map()): slack.HomeView {
  const blocks = renderBlocks(reply, formValues);
  return { type: 'home', blocks: blocks.slice(0, VIEW_BLOCK_LIMIT) };
}

/** Every form in the replies, in order (their opener values are prepared before rendering). */
export function formsIn(replies: readonly Reply[]): Form[] {
  return replies.flatMap((r) => (r.blocks ?? []).flatMap((b) => (b.kind === 'form' ? [b.form] : [])));
}
