/**
 * A scripted Teams user for whole conversations through the HTTP edge: says things (message activities), presses
 * card buttons and submits card forms (Action.Submit activities carrying the card's own data, in reply to the card's
 * activity id), and reads what the nock'd connector received in the user's personal conversation — new messages
 * (POST) and cards updated in place (PUT).
 */
import { expect } from 'vitest';
import {
  activities,
  cardActions,
  shownText,
  type ConnectorCall,
  type TeamsServer,
  type TeamsUser,
  type fakeConnector,
} from './teams.server.js';

type Connector = ReturnType<typeof fakeConnector>;
export type ChatMatcher = string | RegExp | ((text: string, call: ConnectorCall) => boolean);

export class TeamsChat {
  private read = 0;
  /** The last button press or form submit sent, to send it again as a stale press. */
  lastSubmit?: { data: Record<string, unknown>; replyToId: string };

  constructor(
    private readonly server: TeamsServer,
    private readonly connector: Connector,
    readonly user: TeamsUser,
    private readonly serviceUrl: string,
  ) {}

  /** Everything the connector received for this user's conversation: posted messages and card updates, in order. */
  received(): ConnectorCall[] {
    const prefix = `/v3/conversations/${this.user.conversation}/activities`;
    return this.connector.calls.filter((c) => (c.method === 'POST' || c.method === 'PUT') && c.path.includes(prefix));
  }

  async say(text: string): Promise<this> {
    const res = await this.server.post(activities.message(this.user, this.serviceUrl, text));
    expect(res.status, `POST /api/messages for "${text}"`).toBe(200);
    return this;
  }

  async install(): Promise<this> {
    expect((await this.server.post(activities.installed(this.user, this.serviceUrl))).status).toBe(200);
    return this;
  }

  /** Presses the newest button with this title, on the card as Teams shows it now (updates included). */
  async press(title: string | RegExp): Promise<this> {
    const hit = this.newestCard((call) => cardActions(call.body).some((a) => matchTitle(a.title, title)));
    const action = cardActions(hit.call.body).find((a) => matchTitle(a.title, title));
    this.lastSubmit = { data: action?.data ?? {}, replyToId: hit.id };
    const res = await this.server.post(activities.submit(this.user, this.serviceUrl, action?.data ?? {}, hit.id));
    expect(res.status).toBe(200);
    return this;
  }

  /** Sends an earlier press again as a new activity, as a second Teams client showing the old card would. */
  async pressAgain(earlier: { data: Record<string, unknown>; replyToId: string }): Promise<this> {
    const res = await this.server.post(activities.submit(this.user, this.serviceUrl, earlier.data, earlier.replyToId));
    expect(res.status).toBe(200);
    return this;
  }

  /** Marks everything received so far as read. */
  catchUp(): this {
    this.read = this.received().length;
    return this;
  }

  /** Fills in and submits the newest card form. */
  async submit(values: Record<string, string>): Promise<this> {
    const hit = this.newestCard((call) =>
      cardActions(call.body).some((a) => String(a.data.action).startsWith('form:')),
    );
    const action = cardActions(hit.call.body).find((a) => String(a.data.action).startsWith('form:'));
    const inputs = Object.fromEntries(Object.entries(values).map(([k, v]) => [`in_${k}`, v]));
    const res = await this.server.post(
      activities.submit(this.user, this.serviceUrl, { ...(action?.data ?? {}), ...inputs }, hit.id),
    );
    expect(res.status).toBe(200);
    return this;
  }

  /** Asserts that one of the unread messages (or card updates) matches, and marks everything up to it read. */
  expect(matcher: ChatMatcher): this {
    const all = this.received();
    const unread = all.slice(this.read);
    const index = unread.findIndex((call) => matches(shownText(call.body), call, matcher));
    expect(
      index,
      `${this.user.name} expected ${String(matcher)}; unread:\n${unread.map((c) => `${c.method} ${shownText(c.body)}`).join('\n---\n') || '(none)'}`,
    ).toBeGreaterThanOrEqual(0);
    this.read += index + 1;
    return this;
  }

  /** The newest card matching, with the activity id Teams knows it by (POST: the id answered; PUT: the id in the path). */
  private newestCard(test: (call: ConnectorCall) => boolean): { call: ConnectorCall; id: string } {
    const calls = this.received();
    for (let i = calls.length - 1; i >= 0; i--) {
      const call = calls[i];
      if (!call || !test(call)) continue;
      const id = call.method === 'PUT' ? call.path.split('/').pop() : call.answeredId;
      // A card that was later replaced in place is no longer on screen.
      if (id && !calls.slice(i + 1).some((later) => later.method === 'PUT' && later.path.endsWith(`/${id}`)))
        return { call, id };
    }
    throw new Error(
      `${this.user.name}: no such card on screen; last messages:\n${calls
        .slice(-3)
        .map((c) => shownText(c.body))
        .join('\n---\n')}`,
    );
  }
}

function matchTitle(title: string, wanted: string | RegExp): boolean {
  return typeof wanted === 'string' ? title === wanted : wanted.test(title);
}

function matches(text: string, call: ConnectorCall, matcher: ChatMatcher): boolean {
  if (typeof matcher === 'string') return text.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(text);
  return matcher(text, call);
}
