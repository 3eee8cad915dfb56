/** The Teams renderer and translator without a transport: Reply → Adaptive Card 1.5, card submit → engine event. */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import {
  answeredCard,
  CARD_BYTES_LIMIT,
  messageBytes,
  renderReply,
  type CardElement,
} from '../../src/channels/teams/card.renderer.js';
import {
  activitySchema,
  bodyOf,
  cardSubmitOf,
  identityOf,
  profileOf,
  stripMentions,
} from '../../src/channels/teams/activity.translator.js';
import { cardAfterSubmit } from '../../src/channels/teams/turn.handler.js';
import { parseRetryAfter } from '../../src/channels/teams/delivery.errors.js';

const agreementForm = (errors?: Record<string, string>): Reply => ({
  text: 'New agreement',
  blocks: [
    {
      kind: 'form',
      form: {
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
            initial: 'employee',
            options: [
              { value: 'employee', label: 'Sam' },
              { value: 'coach', label: 'Robin' },
            ],
          },
          { id: 'what', label: 'What', type: 'text', required: true, maxLength: 300, placeholder: 'e.g. rehearse' },
          { id: 'notes', label: 'Notes', type: 'multiline' },
          { id: 'due', label: 'By when', type: 'date', required: true, initial: '2026-12-11' },
        ],
        ...(errors ? { errors } : {}),
      },
    },
  ],
});

function content(reply: Reply) {
  const message = renderReply(reply);
  const card = message.attachments?.[0]?.content;
  if (!card) throw new Error('no card');
  return { message, card };
}

const all = (elements: readonly CardElement[]): CardElement[] =>
  elements.flatMap((e) => [
    e,
    ...all(Array.isArray(e.items) ? (e.items as CardElement[]) : []),
    ...all(Array.isArray(e.actions) ? (e.actions as CardElement[]) : []),
  ]);

describe('Teams card renderer', () => {
  it('sends a reply without blocks as plain text', () => {
    expect(renderReply({ text: 'Okay, we stopped here.' })).toEqual({
      type: 'message',
      text: 'Okay, we stopped here.',
      textFormat: 'markdown',
    });
  });

  it('renders text, sections, facts, lists and buttons as an Adaptive Card 1.5 with a plain-text fallback', () => {
    const { message, card } = content({
      text: 'Agenda for Thursday',
      blocks: [
        { kind: 'section', title: 'Goal', text: 'Plan the demo' },
        { kind: 'fields', fields: [{ label: 'When', value: 'Thursday 14:00' }] },
        { kind: 'list', title: 'Topics', items: ['Slower intro', 'Shorter slides'], ordered: true },
        {
          kind: 'buttons',
          buttons: [
            { action: 'cmd', label: 'Prepare', value: 'prepare', style: 'primary' },
            { action: 'agreement.drop', label: 'Drop', value: 'a1', style: 'danger' },
          ],
        },
      ],
    });
    expect(message.summary).toBe('Agenda for Thursday');
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(card.fallbackText).toMatch(/Agenda for Thursday[\s\S]*1\. Slower intro[\s\S]*\[Prepare\] \[Drop\]/);
    const elements = all(card.body);
    expect(elements.filter((e) => e.type === 'TextBlock').map((e) => e.text)).toEqual([
      'Agenda for Thursday',
      'Goal',
      'Plan the demo',
      'Topics',
      '1. Slower intro',
      '2. Shorter slides',
    ]);
    expect(elements.find((e) => e.type === 'FactSet')).toMatchObject({
      facts: [{ title: 'When', value: 'Thursday 14:00' }],
    });
    const actions = elements.filter((e) => e.type === 'Action.Submit');
    expect(actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Prepare',
        style: 'positive',
        associatedInputs: 'none',
        data: { action: 'cmd', value: 'prepare', title: 'Agenda for Thursday', label: 'Prepare' },
      },
      {
        type: 'Action.Submit',
        title: 'Drop',
        style: 'destructive',
        associatedInputs: 'none',
        data: { action: 'agreement.drop', value: 'a1', title: 'Agenda for Thursday', label: 'Drop' },
      },
    ]);
  });

  it('renders a form with typed inputs under prefixed ids and one submit', () => {
    const elements = all(content(agreementForm()).card.body);
    const inputs = elements.filter((e) => e.type.startsWith('Input.'));
    expect(inputs).toEqual([
      {
        type: 'Input.ChoiceSet',
        id: 'in_owner',
        label: 'Who',
        isRequired: true,
        errorMessage: 'Who',
        style: 'expanded',
        choices: [
          { title: 'Sam', value: 'employee' },
          { title: 'Robin', value: 'coach' },
        ],
        value: 'employee',
      },
      {
        type: 'Input.Text',
        id: 'in_what',
        label: 'What',
        isRequired: true,
        errorMessage: 'What',
        placeholder: 'e.g. rehearse',
        maxLength: 300,
      },
      { type: 'Input.Text', id: 'in_notes', label: 'Notes', isMultiline: true },
      {
        type: 'Input.Date',
        id: 'in_due',
        label: 'By when',
        isRequired: true,
        errorMessage: 'By when',
        value: '2026-12-11',
      },
    ]);
    const submit = elements.filter((e) => e.type === 'Action.Submit');
    expect(submit).toHaveLength(1);
    expect(submit[0]).toMatchObject({
      title: 'Save',
      associatedInputs: 'auto',
      data: {
        action: 'form:agreement',
        value: 'traj-1|sess-1',
        labels: { owner: 'Who', what: 'What', due: 'By when' },
      },
    });
  });

  it('shows a form’s errors right under the inputs they belong to', () => {
    const elements = all(
      content(agreementForm({ due: 'That date has passed.', what: 'What will be done?' })).card.body,
    );
    const order = elements
      .filter((e) => e.type !== 'Container' && e.type !== 'ActionSet')
      .map((e) => (e.type === 'TextBlock' ? `text:${String(e.text)}` : `${e.type}:${String(e.id ?? '')}`));
    expect(order).toEqual([
      'text:New agreement',
      'text:New agreement',
      'Input.ChoiceSet:in_owner',
      'Input.Text:in_what',
      'text:What will be done?',
      'Input.Text:in_notes',
      'Input.Date:in_due',
      'text:That date has passed.',
      'Action.Submit:',
    ]);
    expect(elements.find((e) => e.text === 'That date has passed.')).toMatchObject({ color: 'Attention' });
    expect(elements.find((e) => e.id === 'in_due')).toMatchObject({ errorMessage: 'That date has passed.' });
  });

  it('keeps a huge reply under the Teams size limit, buttons included', () => {
    const long = 'x'.repeat(400);
    const reply: Reply = {
      text: `History ${long}`,
      blocks: [
        {
          kind: 'list',
          title: 'Earlier conversations',
          items: Array.from({ length: 400 }, (_, i) => `${i + 1} ${long}`),
        },
        { kind: 'fields', fields: Array.from({ length: 100 }, (_, i) => ({ label: `Field ${i}`, value: long })) },
        { kind: 'text', text: long.repeat(20) },
        { kind: 'buttons', buttons: [{ action: 'cmd', label: 'Agreements', value: 'agreements' }] },
      ],
    };
    const message = renderReply(reply);
    expect(JSON.stringify(reply).length).toBeGreaterThan(100_000);
    expect(messageBytes(message)).toBeLessThanOrEqual(CARD_BYTES_LIMIT);
    const elements = all(message.attachments?.[0]?.content.body ?? []);
    expect(elements.some((e) => e.type === 'Action.Submit' && e.title === 'Agreements')).toBe(true);
    expect(elements.some((e) => e.type === 'TextBlock' && /^… \+\d+$/.test(String(e.text)))).toBe(true);
  });

  it('leaves a normal reply untouched by the size guard', () => {
    const reply: Reply = {
      text: 'Your agreements',
      blocks: [{ kind: 'list', items: ['Rehearse the intro with a timer – by Friday 11 December 2026'] }],
    };
    expect(JSON.stringify(renderReply(reply))).toContain(
      'Rehearse the intro with a timer – by Friday 11 December 2026',
    );
  });

  it('draws an answered card without actions, showing what was chosen or submitted', () => {
    const card = answeredCard(
      { action: 'form:agreement', title: 'New agreement', label: 'Save', labels: { what: 'What', due: 'By when' } },
      { what: 'Rehearse', due: '2026-12-11', notes: '' },
    );
    expect(JSON.stringify(card)).not.toMatch(/Action\./);
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'New agreement', wrap: true, isSubtle: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'What', value: 'Rehearse' },
          { title: 'By when', value: '2026-12-11' },
        ],
      },
      { type: 'TextBlock', text: '✓ Save', wrap: true, weight: 'Bolder', color: 'Good', spacing: 'Small' },
    ]);
  });

  it('after a submit: a form answered with errors replaces the card; otherwise the answered card does', () => {
    const submit = {
      data: { action: 'form:agreement', value: 'traj-1|sess-1', title: 'New agreement', label: 'Save' },
      values: { what: '', due: '2020-01-01' },
    };
    const fix = { ...agreementForm({ due: 'That date has passed.' }), text: 'Please fix the fields marked below.' };
    const again = cardAfterSubmit(submit, [fix, { text: 'extra' }]);
    expect(JSON.stringify(again.card)).toMatch(/That date has passed\./);
    expect(again.rest).toEqual([{ text: 'extra' }]);
    const done = cardAfterSubmit(submit, [{ text: 'Agreement saved' }]);
    expect(JSON.stringify(done.card)).toMatch(/✓ Save/);
    expect(done.rest).toEqual([{ text: 'Agreement saved' }]);
    // A form with errors for another form is not ours to draw in place.
    expect(cardAfterSubmit({ ...submit, data: { ...submit.data, action: 'form:other' } }, [fix]).rest).toEqual([fix]);
  });
});

describe('Teams activity translation', () => {
  const base = {
    type: 'message',
    id: 'a1',
    serviceUrl: 'https://smba.test/',
    channelId: 'msteams',
    from: { id: '29:x', name: 'Sam', aadObjectId: 'aad-sam' },
    recipient: { id: '28:bot', name: 'Coach' },
    conversation: { id: 'a:c', conversationType: 'personal' },
    channelData: { tenant: { id: 'tenant-9' } },
  };

  it('takes the AAD object id and the tenant (from channelData when the conversation has none)', () => {
    expect(identityOf(activitySchema.parse(base))).toEqual({
      channel: 'teams',
      tenantId: 'tenant-9',
      userId: 'aad-sam',
    });
    expect(identityOf(activitySchema.parse({ ...base, from: { id: 'user-1' }, channelData: undefined }))).toEqual({
      channel: 'teams',
      tenantId: 'unknown',
      userId: 'user-1',
    });
  });

  it('reads name, locale and the clientInfo time zone', () => {
    const activity = activitySchema.parse({
      ...base,
      locale: 'nl-NL',
      entities: [{ type: 'mention' }, { type: 'clientInfo', timezone: 'Europe/Amsterdam', locale: 'nl-NL' }],
    });
    expect(profileOf(activity)).toEqual({ displayName: 'Sam', locale: 'nl-NL', timeZone: 'Europe/Amsterdam' });
  });

  it('reads an Action.Submit with its inputs, and an Action.Execute invoke the same way', () => {
    const value = {
      action: 'form:agreement',
      value: 'traj-1|',
      title: 'New agreement',
      label: 'Save',
      in_what: 'Rehearse',
      in_due: '2026-12-11',
      stray: 'x',
    };
    const submit = cardSubmitOf(activitySchema.parse({ ...base, value }));
    expect(submit).toEqual({
      data: { action: 'form:agreement', value: 'traj-1|', title: 'New agreement', label: 'Save' },
      values: { what: 'Rehearse', due: '2026-12-11' },
    });
    expect(bodyOf(activitySchema.parse(base), submit)).toEqual({
      type: 'action',
      action: 'form:agreement',
      value: 'traj-1|',
      values: { what: 'Rehearse', due: '2026-12-11' },
    });
    const execute = activitySchema.parse({
      ...base,
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'cmd', data: { value: 'prepare' } } },
    });
    expect(bodyOf(execute, cardSubmitOf(execute))).toEqual({ type: 'action', action: 'cmd', value: 'prepare' });
  });

  it('refuses a submit that is not ours and strips mentions from text', () => {
    expect(cardSubmitOf(activitySchema.parse({ ...base, value: { something: 'else' } }))).toBeNull();
    expect(cardSubmitOf(activitySchema.parse({ ...base, value: { action: 'x'.repeat(500) } }))).toBeNull();
    expect(stripMentions('<at>Coach</at> prepare&nbsp;')).toBe('prepare');
    expect(bodyOf(activitySchema.parse({ ...base, text: '<at>Coach</at> help' }), null)).toEqual({
      type: 'text',
      text: 'help',
    });
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = new Date('2026-12-01T08:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 08:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
