/**
 * Reply → Teams message: an Adaptive Card 1.5 with a plain-text fallback, or a plain text message when the reply has
 * no blocks. Pure data in, pure JSON out (no botbuilder import), so it is tested without a transport.
 *
 * Pitfalls:
 *  - Teams refuses messages over roughly 28 KB. `renderReply` shortens display texts and long lists step by step until
 *    the whole activity fits `CARD_BYTES_LIMIT`; input values (a person's draft answers) are never shortened.
 *  - Action.Submit merges the inputs into `data` at the top level, so input ids get the `in_` prefix: an input can then
 *    never overwrite `action` or `value`.
 *  - Every action carries what is needed to draw the "answered" version of its card (`title`, `label`, `labels`), so
 *    the card can be replaced in place without storing the cards we sent.
 */
import { BOLD, renderPlainText, type Block, type Form, type FormInput, type Reply } from '../../core/reply.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
export const INPUT_PREFIX = 'in_';
/** Teams' limit is about 28 KB for the whole message; stay well below it. */
export const CARD_BYTES_LIMIT = 24_000;

export type CardElement = { readonly type: string; readonly [key: string]: unknown };

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: string;
  readonly version: '1.5';
  readonly body: CardElement[];
  readonly fallbackText?: string;
  readonly msteams?: { readonly width: 'Full' };
}

/** What every Action.Submit / Action.Execute carries in `data` (inputs come next to it, prefixed). */
export interface CardActionData {
  readonly action: string;
  readonly value?: string;
  /** The card's first line, to draw the answered card. */
  readonly title?: string;
  /** The pressed button's or the submit's label. */
  readonly label?: string;
  /** Form input labels by input id, to show the submitted answers on the answered card. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** An outgoing Teams message activity (a subset of botbuilder's Activity, kept SDK-free). */
export interface TeamsMessage {
  readonly type: 'message';
  readonly text?: string;
  readonly summary?: string;
  readonly textFormat?: 'markdown' | 'plain';
  readonly attachments?: readonly { readonly contentType: string; readonly content: AdaptiveCard }[];
}

interface Limits {
  readonly text: number;
  readonly items: number;
}

const generous: Limits = { text: Infinity, items: Infinity };
const smaller: readonly Limits[] = [
  { text: 1000, items: 40 },
  { text: 500, items: 25 },
  { text: 200, items: 12 },
  { text: 80, items: 6 },
];

const TITLE_IN_DATA = 240;

/** Byte size of a message as it goes over the wire. */
export const messageBytes = (message: TeamsMessage): number => Buffer.byteLength(JSON.stringify(message), 'utf8');

/** Renders one reply: plain text when it has no blocks, otherwise an Adaptive Card that fits Teams' size limit. */
export function renderReply(reply: Reply, limitBytes: number = CARD_BYTES_LIMIT): TeamsMessage {
  if (!reply.blocks?.length) {
    const text = reply.text.length > 20_000 ? clamp(reply.text, 20_000) : reply.text;
    return { type: 'message', text: teamsMarkdown(text), textFormat: 'markdown' };
  }
  const build = (limits: Limits): TeamsMessage =>
    cardMessage(
      buildCard(reply, limits),
      clamp(reply.text, Math.min(limits.text, 250)),
      clamp(renderPlainText(reply), Math.min(limits.text * 4, 4000)),
    );
  let message = build(generous);
  for (const limits of smaller) {
    if (messageBytes(message) <= limitBytes) return message;
    message = build(limits);
  }
  // The smallest version. Only a form with huge initial values could still be over, and the engine makes none.
  return message;
}

export function cardMessage(card: AdaptiveCard, summary: string, fallback?: string): TeamsMessage {
  const content: AdaptiveCard = fallback ? { ...card, fallbackText: fallback } : card;
  return { type: 'message', summary, attachments: [{ contentType: ADAPTIVE_CARD, content }] };
}

export function emptyCard(body: CardElement[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    msteams: { width: 'Full' },
  };
}

/**
 * The answered version of a card: its first line, the submitted answers (for a form) and a check mark with what was
 * chosen. It has no actions, so an old card cannot be pressed twice.
 */
export function answeredCard(data: CardActionData, values: Readonly<Record<string, string>> = {}): AdaptiveCard {
  const body: CardElement[] = [];
  if (data.title) body.push(textBlock(data.title, { isSubtle: true }));
  const facts = Object.entries(values)
    .filter(([, v]) => v.trim() !== '')
    .map(([id, v]) => ({ title: clamp(data.labels?.[id] ?? id, 80), value: clamp(v, 500) }));
  if (facts.length) body.push({ type: 'FactSet', facts });
  body.push(textBlock(`✓ ${data.label ?? ''}`.trim(), { weight: 'Bolder', color: 'Good', spacing: 'Small' }));
  return emptyCard(body);
}

function buildCard(reply: Reply, limits: Limits): AdaptiveCard {
  const title = clamp(reply.text, TITLE_IN_DATA);
  // A short first line reads as the card's heading; a long one (a question) stays in normal weight.
  const heading = reply.text.length <= 80 && !reply.text.includes('\n');
  const body: CardElement[] = [textBlock(clamp(reply.text, limits.text), heading ? { weight: 'Bolder' } : {})];
  for (const block of reply.blocks ?? []) body.push(...renderBlock(block, title, limits));
  return emptyCard(body);
}

function renderBlock(block: Block, title: string, limits: Limits): CardElement[] {
  switch (block.kind) {
    case 'text':
      return [textBlock(clamp(block.text, limits.text))];
    case 'section':
      return [
        textBlock(clamp(block.title, limits.text), { weight: 'Bolder', size: 'Medium', spacing: 'Medium' }),
        ...(block.text ? [textBlock(clamp(block.text, limits.text), { spacing: 'Small' })] : []),
      ];
    case 'fields': {
      const shown = capped(block.fields, limits.items);
      const facts = shown.items.map((f) => ({ title: clamp(f.label, 80), value: clamp(f.value, limits.text) }));
      return [
        { type: 'FactSet', facts },
        ...(shown.rest ? [textBlock(`… +${shown.rest}`, { isSubtle: true, spacing: 'None' })] : []),
      ];
    }
    case 'list': {
      const shown = capped(block.items, limits.items);
      const items = shown.items.map((item, i) =>
        textBlock(`${block.ordered ? `${i + 1}.` : '•'} ${clamp(item, limits.text)}`, { spacing: 'None' }),
      );
      return [
        ...(block.title ? [textBlock(clamp(block.title, limits.text), { weight: 'Bolder', spacing: 'Medium' })] : []),
        ...items,
        ...(shown.rest ? [textBlock(`… +${shown.rest}`, { isSubtle: true, spacing: 'None' })] : []),
      ];
    }
    case 'buttons':
      return [
        {
          type: 'ActionSet',
          actions: block.buttons.map((b) => ({
            type: 'Action.Submit',
            title: b.label,
            ...(b.style ? { style: b.style === 'primary' ? 'positive' : 'destructive' } : {}),
            associatedInputs: 'none',
            data: actionData({
              action: b.action,
              ...(b.value !== undefined ? { value: b.value } : {}),
              title,
              label: b.label,
            }),
          })),
        },
      ];
    case 'form':
      return renderForm(block.form, title, limits);
    default: {
      const never: never = block;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

function renderForm(form: Form, title: string, limits: Limits): CardElement[] {
  const items: CardElement[] = [textBlock(clamp(form.title, limits.text), { weight: 'Bolder', spacing: 'Medium' })];
  for (const input of form.inputs) {
    items.push(renderInput(input, form.errors?.[input.id]));
    const error = form.errors?.[input.id];
    if (error) items.push(textBlock(error, { color: 'Attention', size: 'Small', spacing: 'None' }));
  }
  const labels = Object.fromEntries(form.inputs.map((i) => [i.id, clamp(i.label, 80)]));
  const submit = {
    type: 'Action.Submit',
    title: form.submitLabel,
    style: 'positive',
    associatedInputs: 'auto',
    data: actionData({
      action: `form:${form.id}`,
      ...(form.value !== undefined ? { value: form.value } : {}),
      title,
      label: form.submitLabel,
      labels,
    }),
  };
  return [
    { type: 'Container', items },
    { type: 'ActionSet', actions: [submit] },
  ];
}

function renderInput(input: FormInput, error: string | undefined): CardElement {
  const common = {
    id: `${INPUT_PREFIX}${input.id}`,
    label: input.label,
    ...(input.required
      ? { isRequired: true, errorMessage: error ?? input.label }
      : error
        ? { errorMessage: error }
        : {}),
  };
  switch (input.type) {
    case 'text':
    case 'multiline':
      return {
        type: 'Input.Text',
        ...common,
        ...(input.type === 'multiline' ? { isMultiline: true } : {}),
        ...(input.placeholder ? { placeholder: input.placeholder } : {}),
        ...(input.maxLength ? { maxLength: input.maxLength } : {}),
        ...(input.initial ? { value: input.initial } : {}),
      };
    case 'date':
      return {
        type: 'Input.Date',
        ...common,
        ...(input.initial && /^\d{4}-\d{2}-\d{2}$/.test(input.initial) ? { value: input.initial } : {}),
      };
    case 'choice': {
      const options = input.options ?? [];
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: options.length <= 4 ? 'expanded' : 'compact',
        choices: options.map((o) => ({ title: o.label, value: o.value })),
        ...(input.placeholder ? { placeholder: input.placeholder } : {}),
        ...(input.initial ? { value: input.initial } : {}),
      };
    }
    default: {
      const never: never = input.type;
      throw new Error(`unknown input type ${String(never)}`);
    }
  }
}

const actionData = (data: CardActionData): CardActionData => data;

function textBlock(text: string, extra: Readonly<Record<string, unknown>> = {}): CardElement {
  return { type: 'TextBlock', text: teamsMarkdown(text), wrap: true, ...extra };
}

/**
 * The catalogues' Slack-style `*bold*` as the `**bold**` Teams documents: a single `*` shows as italic on some
 * Teams clients and as a literal asterisk on others. The same `BOLD` as the web chat's `inlineHtml`.
 */
export function teamsMarkdown(text: string): string {
  return text.replace(BOLD, '$1**$2**');
}

function capped<T>(items: readonly T[], max: number): { items: readonly T[]; rest: number } {
  return items.length <= max ? { items, rest: 0 } : { items: items.slice(0, max), rest: items.length - max };
}

export function clamp(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
