/**
 * The scripted conversation client (botbuilder's TestAdapter, Botkit's BotkitTestClient): real engine, real store,
 * a moved clock. `await alice.send('help').expectReply(/what I can do/)` reads like the conversation it checks.
 */
import { expect } from 'vitest';
import type { Connection } from 'mongoose';
import { createApp, type App } from '../../src/app.js';
import { createModels, type Models } from '../../src/store/schemas.js';
import { FixedClock } from '../../src/core/clock.js';
import type { Channel, ChannelIdentity, InboundBody, ProfileHints } from '../../src/core/events.js';
import { silentLogger } from '../../src/core/logger.js';
import { renderPlainText, type Button, type Reply } from '../../src/core/reply.js';
import type { Person } from '../../src/coaching/model.js';
import type { Effect } from '../../src/coaching/effects.js';
import type { PeopleReader } from '../../src/coaching/ports.js';
import type { Engine } from '../../src/core/engine.js';
import { avoidedWordsIn, botWordsOnly } from './avoid-words.js';
import { dropDatabase, freshDatabase } from './db.js';

/** Where a person lives: a channel and its workspace / tenant. */
export interface Space {
  readonly channel: Channel;
  readonly tenantId: string;
}

export type Matcher = string | RegExp | ((reply: Reply, text: string) => boolean);

export interface Harness {
  readonly app: App;
  readonly clock: FixedClock;
  readonly connection: Connection;
  /** The mongoose models on the harness's database, to seed and inspect collections directly. */
  readonly models: Models;
  /** A person; `space` puts them in another workspace or tenant (default: the web chat's own space). */
  user(userId: string, profile?: ProfileHints, space?: Space): ScriptedUser;
  /**
   * Delivers every outbox item that is due now to the scripted users it is addressed to, the way the dispatcher
   * does: the engine renders it at delivery time (it may decide nothing needs saying) and the item leaves the outbox.
   */
  deliverDue(): Promise<number>;
  /** Moves the clock forward and delivers what fell due. */
  advance(ms: number): Promise<number>;
  close(): Promise<void>;
}

export async function createHarness(options: { start?: string; label?: string } = {}): Promise<Harness> {
  const connection = await freshDatabase(options.label ?? 'flow');
  const clock = new FixedClock(options.start ?? '2026-12-01T08:00:00Z');
  const app = await createApp({
    connection,
    clock,
    logger: silentLogger,
    settings: { defaultLocale: 'en', defaultTimeZone: 'Europe/Amsterdam', workStart: '09:00', workEnd: '17:30' },
  });
  const models = createModels(connection);
  const users = new Map<string, ScriptedUser>();
  // Returns the user wrapped: a ScriptedUser is itself awaitable, so an async function must not return it bare.
  const byPerson = async (personId: string): Promise<{ user?: ScriptedUser }> => {
    for (const user of users.values()) {
      const p = await app.store.people.findByIdentity(user.identity);
      if (p?.id === personId) return { user };
    }
    return {};
  };
  const deliverDue = async (): Promise<number> => {
    let delivered = 0;
    for (const item of await app.store.outbox.pending()) {
      if (item.dueAt.getTime() > clock.now().getTime()) continue;
      const replies = await app.resumer.resume(item.recipientId, {
        type: 'resume',
        kind: item.kind,
        payload: item.payload,
        key: item.key,
      });
      (await byPerson(item.recipientId)).user?.receive(replies);
      await models.delivery.create({
        _id: item.key,
        kind: item.kind,
        recipientId: item.recipientId,
        dueAt: item.dueAt,
        deliveredAt: clock.now(),
        outcome: replies.length ? 'sent' : 'skipped',
      });
      await models.outbox.deleteOne({ _id: item.key });
      delivered++;
    }
    return delivered;
  };
  return {
    app,
    clock,
    connection,
    models,
    user: (userId, profile, space) => {
      const existing = users.get(userId);
      if (existing) return existing;
      const created = new ScriptedUser(
        { engine: app.engine, people: app.store.people },
        userId,
        profile ?? { displayName: userId },
        space,
      );
      users.set(userId, created);
      return created;
    },
    deliverDue,
    advance: async (ms) => {
      clock.advance(ms);
      return deliverDue();
    },
    close: () => dropDatabase(connection),
  };
}

const textOf = (r: Reply): string => renderPlainText(r);

function matches(reply: Reply, matcher: Matcher): boolean {
  const text = textOf(reply);
  if (typeof matcher === 'string') return text.includes(matcher);
  if (matcher instanceof RegExp) return matcher.test(text);
  return matcher(reply, text);
}

/**
 * Asserts that nothing the bot said to these users uses a word the coaching model asks to avoid. What the people
 * typed themselves is taken out first: their own words are quoted back and may say anything.
 */
export function expectPositiveWording(...users: readonly ScriptedUser[]): void {
  const typed = users.flatMap((u) => u.typed);
  const said = users.flatMap((u) => u.transcript.map(textOf));
  expect(said.length, 'no replies to check').toBeGreaterThan(0);
  expect(avoidedWordsIn(botWordsOnly(said, typed))).toEqual([]);
}

/** What a scripted user talks to: an engine, and where to find the person it created (MongoDB or in memory). */
export interface Talkable {
  readonly engine: Pick<Engine<Effect>, 'receive'>;
  readonly people: Pick<PeopleReader, 'findByIdentity'>;
}

/** One person talking to the bot over the web channel's identity (the channel does not matter to the engine). */
export class ScriptedUser implements PromiseLike<void> {
  /** Every reply this user has received, direct or proactive, oldest first. */
  readonly transcript: Reply[] = [];
  /** Everything this user typed, oldest first (to tell the bot's words from the person's own, quoted back). */
  readonly typed: string[] = [];
  private unread: Reply[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly app: Talkable,
    readonly userId: string,
    readonly profile: ProfileHints,
    readonly space: Space = { channel: 'web', tenantId: 'local' },
  ) {}

  get identity(): ChannelIdentity {
    return { channel: this.space.channel, tenantId: this.space.tenantId, userId: this.userId };
  }

  /** The stored person (created on the first message). */
  async person(): Promise<Person> {
    const p = await this.app.people.findByIdentity(this.identity);
    if (!p) throw new Error(`${this.userId} has not talked to the bot yet`);
    return p;
  }

  private enqueue(step: () => Promise<void>): this {
    this.chain = this.chain.then(step);
    return this;
  }

  private async deliver(body: InboundBody): Promise<void> {
    const outcome = await this.app.engine.receive({ from: this.identity, profile: this.profile, body });
    if (outcome.status === 'duplicate') return;
    this.receive(outcome.replies);
  }

  /** Replies that arrived proactively (the test's dispatcher or fake messenger hands them here). */
  receive(replies: readonly Reply[]): void {
    // Every reply any test sees is checked for a catalogue placeholder left unfilled ("{name}").
    for (const r of replies) expect(renderPlainText(r), 'unfilled placeholder').not.toMatch(/\{[a-zA-Z]+\}/);
    this.transcript.push(...replies);
    this.unread.push(...replies);
  }

  send(text: string): this {
    return this.enqueue(() => {
      this.typed.push(text);
      return this.deliver({ type: 'text', text });
    });
  }

  command(name: string, args = ''): this {
    return this.enqueue(() => this.deliver({ type: 'command', name, args }));
  }

  /** Presses the newest button whose label matches (from any unread reply, newest first). */
  press(label: string | RegExp): this {
    return this.enqueue(async () => {
      const button = this.findButton(label);
      await this.deliver({
        type: 'action',
        action: button.action,
        ...(button.value !== undefined ? { value: button.value } : {}),
      });
    });
  }

  /** Presses a button found in an earlier reply even if it is stale (to test old messages). */
  pressButton(button: Button): this {
    return this.enqueue(() =>
      this.deliver({
        type: 'action',
        action: button.action,
        ...(button.value !== undefined ? { value: button.value } : {}),
      }),
    );
  }

  /** Submits the newest form with these values. */
  submit(values: Record<string, string>): this {
    return this.enqueue(async () => {
      const form = [...this.transcript]
        .reverse()
        .flatMap((r) => r.blocks ?? [])
        .find((b) => b.kind === 'form');
      if (!form || form.kind !== 'form') throw new Error(`no form for ${this.userId}`);
      await this.deliver({
        type: 'action',
        action: `form:${form.form.id}`,
        ...(form.form.value ? { value: form.form.value } : {}),
        values,
      });
    });
  }

  /** Asserts that one of the unread replies matches, and marks everything up to it read. */
  expectReply(matcher: Matcher): this {
    return this.enqueue(async () => {
      const index = this.unread.findIndex((r) => matches(r, matcher));
      expect(
        index,
        `${this.userId} expected a reply matching ${String(matcher)}; unread:\n${this.unread.map(textOf).join('\n---\n') || '(none)'}`,
      ).toBeGreaterThanOrEqual(0);
      this.unread = this.unread.slice(index + 1);
    });
  }

  /** Asserts that no unread reply matches. */
  expectNoReply(matcher: Matcher): this {
    return this.enqueue(async () => {
      const hit = this.unread.find((r) => matches(r, matcher));
      expect(
        hit ? textOf(hit) : undefined,
        `${this.userId} expected no reply matching ${String(matcher)}`,
      ).toBeUndefined();
    });
  }

  /** The last reply received (after the chain so far has run). */
  async last(): Promise<Reply> {
    await this.chain;
    const r = this.transcript[this.transcript.length - 1];
    if (!r) throw new Error('no replies yet');
    return r;
  }

  findButton(label: string | RegExp): Button {
    for (const reply of [...this.transcript].reverse()) {
      for (const block of reply.blocks ?? []) {
        if (block.kind !== 'buttons') continue;
        const b = block.buttons.find((x) => (typeof label === 'string' ? x.label === label : label.test(x.label)));
        if (b) return b;
      }
    }
    throw new Error(
      `${this.userId}: no button ${String(label)} in:\n${this.transcript.slice(-3).map(textOf).join('\n---\n')}`,
    );
  }

  then<R1 = void, R2 = never>(
    onfulfilled?: ((value: void) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    const current = this.chain;
    this.chain = Promise.resolve();
    return current.then(onfulfilled, onrejected);
  }
}
