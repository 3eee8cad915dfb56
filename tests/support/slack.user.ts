/**
 * A person on Slack, as far as the app can tell: they write DMs and slash commands, press buttons in messages, in the
 * App Home and in modals, and read what the bot posted to their DM (`chat.postMessage` calls the nock'd Web API
 * recorded). Every step waits until the Slack edge has finished its work, so assertions never race the app.
 */
import { expect } from 'vitest';
import type { ApiCall, SlackServer } from './slack.server.js';
import { buttonPress, dm, nextTrigger, TEAM } from './slack.server.js';

interface SlackElement {
  readonly type: string;
  readonly action_id?: string;
  readonly value?: string;
  readonly text?: { readonly text: string };
}
interface SlackBlock {
  readonly type: string;
  readonly block_id?: string;
  readonly text?: { readonly text: string };
  readonly fields?: readonly { readonly text: string }[];
  readonly elements?: readonly SlackElement[];
  readonly element?: SlackElement & { readonly options?: readonly { value: string }[] };
  readonly label?: { readonly text: string };
}
export interface SlackView {
  readonly type: string;
  readonly callback_id?: string;
  readonly private_metadata?: string;
  readonly title?: { readonly text: string };
  readonly blocks: readonly SlackBlock[];
}

const unescape = (text: string): string => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a posted message or a view says, as one string: texts, fields, and button labels in brackets. */
export function slackText(text: string | undefined, blocks: readonly SlackBlock[] | undefined): string {
  const lines = [text ?? ''];
  for (const b of blocks ?? []) {
    if (b.text) lines.push(b.text.text);
    for (const f of b.fields ?? []) lines.push(f.text);
    if (b.type === 'actions') lines.push((b.elements ?? []).map((e) => `[${e.text?.text ?? ''}]`).join(' '));
    if (b.type === 'context') lines.push((b.elements ?? []).map((e) => plainText(e.text)).join(' '));
    if (b.label) lines.push(`${b.label.text}:`);
  }
  return unescape(lines.join('\n'));
}

export type Matcher = string | RegExp | ((text: string) => boolean);
const matches = (text: string, m: Matcher): boolean =>
  typeof m === 'string' ? text.includes(m) : m instanceof RegExp ? m.test(text) : m(text);

export class SlackUser {
  private read = 0;
  /** The trigger of the last button press (a modal opened with it is this user's). */
  private lastTrigger: string | undefined;

  constructor(
    private readonly s: SlackServer,
    readonly id: string,
  ) {}

  get channel(): string {
    return `D-${this.id}`;
  }

  /** Everything the bot posted in this person's DM, oldest first. */
  posts(): ApiCall[] {
    return this.s.api.callsTo('chat.postMessage').filter((c) => c.args.channel === this.channel);
  }

  texts(): string[] {
    return this.posts().map((p) => slackText(p.args.text as string, p.args.blocks as SlackBlock[] | undefined));
  }

  async send(text: string): Promise<this> {
    const res = await this.s.event(dm(this.id, text));
    expect(res.status).toBe(200);
    await this.s.handle.idle();
    return this;
  }

  async command(text: string): Promise<this> {
    const res = await this.s.command(this.id, text);
    expect(res.status).toBe(200);
    await this.s.handle.idle();
    return this;
  }

  async openHome(): Promise<SlackView> {
    const before = this.homes().length;
    await this.s.event({ type: 'app_home_opened', user: this.id, channel: this.channel, tab: 'home', event_ts: '1.1' });
    await this.s.handle.idle();
    expect(this.homes().length).toBe(before + 1);
    return this.home();
  }

  /** Views published to this person's App Home, oldest first. */
  homes(): SlackView[] {
    return this.s.api
      .callsTo('views.publish')
      .filter((c) => c.args.user_id === this.id)
      .map((c) => c.args.view as SlackView);
  }

  home(): SlackView {
    const last = this.homes().at(-1);
    if (!last) throw new Error(`${this.id} has no App Home yet`);
    return last;
  }

  /** Presses the newest button with this label in the DM (or, with `where: 'home'`, in the App Home). */
  async press(label: string | RegExp, where: 'dm' | 'home' = 'dm'): Promise<this> {
    const found =
      where === 'home'
        ? findButton([this.home().blocks], label)
        : findButton(
            this.posts().map((p) => (p.args.blocks as SlackBlock[] | undefined) ?? []),
            label,
          );
    if (!found)
      throw new Error(
        `${this.id}: no button ${String(label)} in ${where}:\n${(where === 'home' ? [slackText('', this.home().blocks)] : this.texts().slice(-3)).join('\n---\n')}`,
      );
    return this.pressElement(found, where);
  }

  async pressElement(element: SlackElement, where: 'dm' | 'home' = 'dm'): Promise<this> {
    const extra =
      where === 'home'
        ? { container: { type: 'view', view_id: 'V0HOME' }, channel: undefined, view: { id: 'V0HOME', type: 'home' } }
        : {};
    const payload = buttonPress(this.id, element.action_id ?? '', element.value, extra);
    this.lastTrigger = String(payload.trigger_id);
    const res = await this.s.interact(payload);
    expect(res.status).toBe(200);
    await this.s.handle.idle();
    return this;
  }

  /** The modal the last button press opened (views.open with that press's trigger_id). */
  openedModal(): SlackView {
    const call = this.s.api
      .callsTo('views.open')
      .filter((c) => c.args.trigger_id === this.lastTrigger)
      .at(-1);
    if (!call) throw new Error(`${this.id}: no modal was opened by the last press`);
    return call.args.view as SlackView;
  }

  /** Submits a modal with values by block id, typed as Slack would for each element; returns Slack's HTTP answer. */
  async submit(view: SlackView, values: Record<string, string>): Promise<{ status: number; body: unknown }> {
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks) {
      if (block.type !== 'input' || !block.block_id || !block.element) continue;
      const value = values[block.block_id];
      const el = block.element;
      const actionId = el.action_id ?? 'value';
      if (el.type === 'datepicker')
        state[block.block_id] = { [actionId]: { type: el.type, selected_date: value || null } };
      else if (el.type === 'radio_buttons' || el.type === 'static_select')
        state[block.block_id] = {
          [actionId]: {
            type: el.type,
            selected_option: value ? { value, text: { type: 'plain_text', text: value } } : null,
          },
        };
      else state[block.block_id] = { [actionId]: { type: el.type, value: value ?? null } };
    }
    const payload = {
      type: 'view_submission',
      team: { id: TEAM, domain: 'test' },
      user: { id: this.id, team_id: TEAM },
      api_app_id: 'A0APP',
      trigger_id: nextTrigger(),
      view: {
        id: 'V0MODAL',
        team_id: TEAM,
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        hash: 'h1',
        state: { values: state },
      },
    };
    const res = await this.s.interact(payload);
    await this.s.handle.idle();
    return { status: res.status, body: res.text ? (JSON.parse(res.text) as unknown) : undefined };
  }

  /** Asserts that one of the unread DM posts matches, and marks everything up to it read. */
  expectReply(matcher: Matcher): this {
    const texts = this.texts();
    const unread = texts.slice(this.read);
    const index = unread.findIndex((t) => matches(t, matcher));
    expect(
      index,
      `${this.id} expected a post matching ${String(matcher)}; unread:\n${unread.join('\n---\n') || '(none)'}`,
    ).toBeGreaterThanOrEqual(0);
    this.read += index + 1;
    return this;
  }

  expectNoReply(matcher: Matcher): this {
    const hit = this.texts()
      .slice(this.read)
      .find((t) => matches(t, matcher));
    expect(hit, `${this.id} expected no post matching ${String(matcher)}`).toBeUndefined();
    return this;
  }
}

function findButton(messages: readonly (readonly SlackBlock[])[], label: string | RegExp): SlackElement | undefined {
  for (const blocks of [...messages].reverse()) {
    for (const block of blocks) {
      if (block.type !== 'actions') continue;
      const hit = (block.elements ?? []).find(
        (e) =>
          e.type === 'button' && (typeof label === 'string' ? e.text?.text === label : label.test(e.text?.text ?? '')),
      );
      if (hit) return hit;
    }
  }
  return undefined;
}

/** A context element's text: a plain string (mrkdwn), unlike a button's text object. */
function plainText(text: unknown): string {
  return typeof text === 'string' ? text : '';
}
