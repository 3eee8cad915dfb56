import { describe, expect, it } from 'vitest';
import type { types as slack } from '@slack/bolt';
import type { Form, Reply } from '../../src/core/reply.js';
import {
  decodeActionId,
  encodeButton,
  escapeMrkdwn,
  renderCombined,
  renderHome,
  renderMessages,
  splitText,
} from '../../src/channels/slack/block-kit.renderer.js';
import { FormCodec } from '../../src/channels/slack/form.codec.js';
import type { FormStore } from '../../src/channels/slack/ports.js';
import {
  answerWithErrors,
  decodeMeta,
  encodeMeta,
  renderModal,
  slackErrors,
  valuesFromState,
} from '../../src/channels/slack/modal.renderer.js';

const agreementForm: Form = {
  id: 'agreement',
  title: 'New agreement',
  submitLabel: 'Save',
  value: 'traj-1|sess-1',
  inputs: [
    {
      id: 'owner',
      label: 'Who',
      type: 'choice',
      required: true,
      initial: 'coach',
      options: [
        { value: 'employee', label: 'Ann' },
        { value: 'coach', label: 'Carla' },
      ],
    },
    { id: 'what', label: 'What', type: 'text', required: true, maxLength: 500, placeholder: 'e.g. ask for feedback' },
    { id: 'due', label: 'By when', type: 'date', required: true, initial: '2026-12-15' },
    { id: 'note', label: 'Anything else', type: 'multiline' },
  ],
};

const memoryStore = (): FormStore & { size(): number } => {
  const forms = new Map<string, Form>();
  return { put: async (k, f) => void forms.set(k, f), get: async (k) => forms.get(k) ?? null, size: () => forms.size };
};

type AnyBlock = slack.KnownBlock & {
  text?: { text: string };
  fields?: { text: string }[];
  elements?: (slack.Button & { type: string })[];
};
const blocksOf = (reply: Reply, forms = new Map<Form, string>()): AnyBlock[] =>
  (renderMessages(reply, forms)[0]?.blocks ?? []) as AnyBlock[];

describe('Block Kit rendering', () => {
  it('renders text, sections, fields, lists and buttons, with the reply text first', () => {
    const reply: Reply = {
      text: 'Your next session',
      blocks: [
        { kind: 'section', title: 'Tuesday 1 December', text: 'With Carla' },
        {
          kind: 'fields',
          fields: [
            { label: 'Goal', value: 'Give feedback' },
            { label: 'Status', value: 'Prepared' },
          ],
        },
        { kind: 'list', title: 'Topics', items: ['Feedback', 'Planning'], ordered: true },
        {
          kind: 'buttons',
          buttons: [
            { action: 'agreement.done', label: 'Done', value: 'a-1', style: 'primary' },
            { action: 'agreement.snooze', label: 'Later', value: 'a-1|3' },
          ],
        },
      ],
    };
    const blocks = blocksOf(reply);
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'section', 'section', 'actions']);
    expect(blocks[0]?.text?.text).toBe('Your next session');
    expect(blocks[1]?.text?.text).toBe('*Tuesday 1 December*\nWith Carla');
    expect(blocks[2]?.fields?.map((f) => f.text)).toEqual(['*Goal*\nGive feedback', '*Status*\nPrepared']);
    expect(blocks[3]?.text?.text).toBe('*Topics*\n1. Feedback\n2. Planning');
    const buttons = blocks[4]?.elements ?? [];
    expect(buttons.map((b) => [b.action_id, b.value, b.style])).toEqual([
      ['act|0|agreement.done', 'a-1', 'primary'],
      ['act|1|agreement.snooze', 'a-1|3', undefined],
    ]);
  });

  it('keeps action ids unique per message even when two buttons share an action, and recovers action and value', () => {
    const reply: Reply = {
      text: 'x',
      blocks: [
        {
          kind: 'buttons',
          buttons: [
            { action: 'cmd', label: 'A', value: 'prepare' },
            { action: 'cmd', label: 'B', value: 'agenda' },
          ],
        },
        { kind: 'buttons', buttons: [{ action: 'cmd', label: 'C' }] },
      ],
    };
    const ids = blocksOf(reply)
      .flatMap((b) => b.elements ?? [])
      .map((e) => e.action_id);
    expect(new Set(ids).size).toBe(3);
    expect(decodeActionId('act|1|cmd', 'agenda')).toEqual({ kind: 'action', action: 'cmd', value: 'agenda' });
    expect(decodeActionId('act|2|cmd', undefined)).toEqual({ kind: 'action', action: 'cmd' });
    expect(decodeActionId('act|0|step:prepare|x', 'v')).toEqual({
      kind: 'action',
      action: 'step:prepare|x',
      value: 'v',
    });
    expect(decodeActionId('garbage', 'v')).toEqual({ kind: 'unknown' });
  });

  it('carries a very long action in the value instead of the 255-character action_id', () => {
    const action = `step:${'x'.repeat(300)}`;
    const encoded = encodeButton({ action, label: 'Go', value: 'v1' }, 4);
    expect(encoded.action_id.length).toBeLessThanOrEqual(255);
    expect(decodeActionId(encoded.action_id, encoded.value)).toEqual({ kind: 'action', action, value: 'v1' });
  });

  it('escapes Slack control characters in what people wrote', () => {
    expect(escapeMrkdwn('<@U123> & <!here> a > b')).toBe('&lt;@U123&gt; &amp; &lt;!here&gt; a &gt; b');
    const blocks = blocksOf({ text: 'Note', blocks: [{ kind: 'text', text: '<!channel> please' }] });
    expect(blocks[1]?.text?.text).toBe('&lt;!channel&gt; please');
    expect(renderMessages({ text: 'a <b>' })[0]).toEqual({ text: 'a &lt;b&gt;' });
  });

  it('meets Slack limits: long text is split, many fields and buttons are spread, labels shortened, 50 blocks a message', () => {
    const long = Array.from({ length: 400 }, (_, i) => `line ${i} with some words`).join('\n');
    expect(splitText(long).every((p) => p.length <= 3000)).toBe(true);
    expect(splitText(long).join('\n')).toBe(long);
    const reply: Reply = {
      text: 'Big',
      blocks: [
        { kind: 'text', text: long },
        { kind: 'fields', fields: Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: 'v' })) },
        {
          kind: 'buttons',
          buttons: Array.from({ length: 30 }, (_, i) => ({
            action: 'cmd',
            label: `${'Very long label '.repeat(6)}${i}`,
            value: String(i),
          })),
        },
      ],
    };
    const all = renderMessages(reply).flatMap((m) => m.blocks ?? []) as AnyBlock[];
    for (const b of all) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(all.filter((b) => b.fields).map((b) => b.fields?.length)).toEqual([10, 10, 3]);
    const actions = all.filter((b) => b.type === 'actions');
    expect(actions.map((b) => b.elements?.length)).toEqual([25, 5]);
    for (const b of actions.flatMap((a) => a.elements ?? [])) expect([...b.text.text].length).toBeLessThanOrEqual(75);
    const many: Reply = {
      text: 'Many',
      blocks: Array.from({ length: 120 }, (_, i) => ({ kind: 'text' as const, text: `t${i}` })),
    };
    const messages = renderMessages(many);
    expect(messages.map((m) => m.blocks?.length)).toEqual([50, 50, 21]);
    expect(messages.every((m) => m.text === 'Many')).toBe(true);
  });

  it('combines several replies into one message with dividers, continuing the action counter', () => {
    const [message, ...rest] = renderCombined([
      { text: 'One', blocks: [{ kind: 'buttons', buttons: [{ action: 'a', label: 'A' }] }] },
      { text: 'Two', blocks: [{ kind: 'buttons', buttons: [{ action: 'a', label: 'B' }] }] },
    ]);
    expect(rest).toHaveLength(0);
    expect(message?.text).toBe('One\n\nTwo');
    const ids = (message?.blocks as AnyBlock[]).flatMap((b) => b.elements ?? []).map((e) => e.action_id);
    expect(ids).toEqual(['act|0|a', 'act|1|a']);
  });

  it('renders a form as a button that carries the form, with errors listed when the form came back with them', () => {
    const withErrors: Form = { ...agreementForm, errors: { what: 'Please say what', due: 'Pick a date' } };
    const blocks = blocksOf(
      { text: 'Fix these', blocks: [{ kind: 'form', form: withErrors }] },
      new Map([[withErrors, 'z1:opaque']]),
    );
    expect(blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions']);
    expect(blocks[1]?.text?.text).toBe('• What: Please say what\n• By when: Pick a date');
    const button = blocks[2]?.elements?.[0];
    expect(button).toMatchObject({ action_id: 'form|0', value: 'z1:opaque', text: { text: 'New agreement' } });
    expect(decodeActionId('form|0', 'z1:opaque')).toEqual({ kind: 'open-form', formValue: 'z1:opaque' });
  });

  it('renders the dashboard as a Home view of at most 100 blocks', () => {
    const home = renderHome({
      text: 'Hello Ann',
      blocks: Array.from({ length: 150 }, (_, i) => ({ kind: 'text' as const, text: `row ${i}` })),
    });
    expect(home.type).toBe('home');
    expect(home.blocks).toHaveLength(100);
  });
});

describe('form transport and modals', () => {
  it('round-trips a form through the button value, without its errors', async () => {
    const store = memoryStore();
    const codec = new FormCodec(store);
    const value = await codec.encode({ ...agreementForm, errors: { what: 'x' } });
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(store.size()).toBe(0);
    expect(await codec.decode(value)).toEqual(agreementForm);
  });

  it('keeps a form too large for a button in the store, by content hash', async () => {
    const store = memoryStore();
    const codec = new FormCodec(store);
    const big: Form = {
      ...agreementForm,
      inputs: [
        {
          id: 'zone',
          label: 'Time zone',
          type: 'choice',
          options: Intl.supportedValuesOf('timeZone').map((z) => ({ value: z, label: z })),
        },
      ],
    };
    const value = await codec.encode(big);
    expect(value).toMatch(/^r1:/);
    expect(await codec.encode(big)).toBe(value);
    expect(store.size()).toBe(1);
    expect(await codec.decode(value)).toEqual(big);
  });

  it('refuses garbled or tampered values (null, never an exception)', async () => {
    const codec = new FormCodec(memoryStore());
    expect(await codec.decode('z1:not-base64-deflate')).toBeNull();
    expect(await codec.decode('r1:unknown')).toBeNull();
    expect(await codec.decode('something else')).toBeNull();
    const { deflateRawSync } = await import('node:zlib');
    expect(
      await codec.decode(`z1:${deflateRawSync(Buffer.from(JSON.stringify({ id: 'x' }))).toString('base64url')}`),
    ).toBeNull();
  });

  it('renders a modal: one input block per input (block_id = input id), initial values, Slack limits', () => {
    const view = renderModal(
      { ...agreementForm, title: 'A title much longer than twenty-four characters' },
      { formId: 'agreement', value: 'traj-1|sess-1', channelId: 'D1' },
    );
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe('form|agreement');
    expect([...view.title.text].length).toBeLessThanOrEqual(24);
    expect(decodeMeta(view.private_metadata)).toEqual({ formId: 'agreement', value: 'traj-1|sess-1', channelId: 'D1' });
    const inputs = view.blocks.filter((b): b is slack.InputBlock => b.type === 'input');
    expect(inputs.map((b) => [b.block_id, b.element.type, b.optional])).toEqual([
      ['owner', 'radio_buttons', false],
      ['what', 'plain_text_input', false],
      ['due', 'datepicker', false],
      ['note', 'plain_text_input', true],
    ]);
    expect(inputs[0]?.element).toMatchObject({ initial_option: { value: 'coach' } });
    expect(inputs[1]?.element).toMatchObject({ max_length: 500, placeholder: { text: 'e.g. ask for feedback' } });
    expect(inputs[2]?.element).toMatchObject({ initial_date: '2026-12-15' });
    expect(inputs[3]?.element).toMatchObject({ multiline: true });
    // The full title is kept in the body when the 24-character title had to be shortened.
    expect(view.blocks[0]?.type).toBe('section');
  });

  it('shows errors under their inputs when a form is re-rendered, and maps them for response_action errors', () => {
    const form: Form = { ...agreementForm, errors: { what: 'Please say what', elsewhere: 'not an input' } };
    const view = renderModal(form, { formId: 'agreement' });
    const whatAt = view.blocks.findIndex((b) => b.type === 'input' && b.block_id === 'what');
    expect(view.blocks[whatAt + 1]).toMatchObject({
      type: 'context',
      elements: [{ text: ':warning: Please say what' }],
    });
    expect(slackErrors(form)).toEqual({ what: 'Please say what' });
  });

  it('answers a submit with errors inline when it can, and re-renders the modal when the step token moved on', () => {
    const meta = { formId: 'agreement', value: 'traj-1|sess-1', channelId: 'D1' };
    expect(answerWithErrors({ ...agreementForm, errors: { what: 'Please say what' } }, meta)).toEqual({
      response_action: 'errors',
      errors: { what: 'Please say what' },
    });
    const moved = answerWithErrors(
      { ...agreementForm, value: 'traj-1|sess-1|r8', errors: { what: 'Please say what' } },
      meta,
    );
    expect(moved.response_action).toBe('update');
    if (moved.response_action !== 'update') return;
    expect(decodeMeta(moved.view.private_metadata)).toEqual({ ...meta, value: 'traj-1|sess-1|r8' });
    expect(moved.view.blocks.some((b) => b.type === 'context')).toBe(true);
    // An error that belongs to no input cannot be shown inline by Slack: the modal is re-rendered instead.
    const general = answerWithErrors({ ...agreementForm, errors: { general: 'Try again' } }, meta);
    expect(general.response_action).toBe('update');
    if (general.response_action === 'update')
      expect(general.view.blocks[0]).toMatchObject({ type: 'context', elements: [{ text: ':warning: Try again' }] });
  });

  it('turns a submitted modal state into values keyed by input id; empty inputs are empty strings', () => {
    const state = {
      owner: {
        value: {
          type: 'radio_buttons',
          selected_option: { value: 'employee', text: { type: 'plain_text', text: 'Ann' } },
        },
      },
      what: { value: { type: 'plain_text_input', value: 'Ask Bo for feedback' } },
      due: { value: { type: 'datepicker', selected_date: '2026-12-20' } },
      note: { value: { type: 'plain_text_input', value: null } },
    };
    expect(valuesFromState(state)).toEqual({
      owner: 'employee',
      what: 'Ask Bo for feedback',
      due: '2026-12-20',
      note: '',
    });
    expect(valuesFromState('nonsense')).toBeNull();
  });

  it('encodes modal metadata compactly and rejects anything else', () => {
    expect(decodeMeta(encodeMeta({ formId: 'f', home: true }))).toEqual({ formId: 'f', home: true });
    expect(decodeMeta('{"x":1}')).toBeNull();
    expect(decodeMeta('not json')).toBeNull();
    expect(decodeMeta(undefined)).toBeNull();
  });
});
