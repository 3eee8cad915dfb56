/**
 * Virtual people on Slack for the fault run and the soak: they write DMs and press buttons through the balancer and
 * read their DM at the stand-in. Each person waits for the answer to one turn before the next (as a person does), so
 * every answer can be matched to its turn: the bot puts the turn's id in each answer's Slack `metadata`.
 */
import { randomUUID } from 'node:crypto';
import type { Balancer } from './balancer.js';
import { dmChannel, TEAM, type PostedMessage, type SlackStandIn } from './slack-standin.js';

export interface TurnRecord {
  readonly id: string;
  readonly user: string;
  /** Set once the request was acknowledged (false while it is still being delivered, or when Slack gave up). */
  acked: boolean;
  readonly sentAt: number;
  answeredAt?: number;
}

interface Button {
  readonly text: string;
  readonly actionId: string;
  readonly value?: string;
}

/** Answers carry `{event_type: 'coach_answer', event_payload: {event, part, of}}`; scheduled messages carry keys. */
export const answerOf = (post: PostedMessage): string | undefined => {
  const m = post.metadata;
  return m?.event_type === 'coach_answer' && typeof m.event_payload.event === 'string'
    ? m.event_payload.event
    : undefined;
};

export const outboxKeysOf = (post: PostedMessage): string[] => {
  const m = post.metadata;
  if (m?.event_type !== 'coach_outbox') return [];
  const keys = m.event_payload.keys;
  return typeof keys === 'string' ? keys.split(' ') : [];
};

export function buttonsIn(post: PostedMessage): Button[] {
  const found: Button[] = [];
  for (const block of post.blocks) {
    if (block.type !== 'actions' || !Array.isArray(block.elements)) continue;
    for (const e of block.elements as Record<string, unknown>[]) {
      const text = (e.text as { text?: string } | undefined)?.text;
      if (e.type === 'button' && text && typeof e.action_id === 'string')
        found.push({ text, actionId: e.action_id, ...(typeof e.value === 'string' ? { value: e.value } : {}) });
    }
  }
  return found;
}

export class TurnLedger {
  readonly turns = new Map<string, TurnRecord>();
  readonly waiters = new Map<string, () => void>();

  constructor(standIn: SlackStandIn) {
    standIn.subscribe((post) => {
      const id = answerOf(post);
      if (!id) return;
      const turn = this.turns.get(id);
      if (turn && turn.answeredAt === undefined) turn.answeredAt = Date.now();
      this.waiters.get(id)?.();
    });
  }
}

export class Derailed extends Error {}

export class VirtualPerson {
  constructor(
    readonly id: string,
    private readonly balancer: Balancer,
    private readonly standIn: SlackStandIn,
    private readonly ledger: TurnLedger,
    private readonly answerTimeoutMs: number,
    /** False: turns go out at once, without waiting for the balancer's pace (the soak's filler turns own a slot). */
    private readonly paced = true,
  ) {}

  get email(): string {
    return `${this.id.toLowerCase()}@chaos.test`;
  }

  posts(): readonly PostedMessage[] {
    return this.standIn.postsTo(this.id);
  }

  /** Writes a DM and waits for its answer; the answer's posts (text) joined, or '' when none came. */
  async say(text: string): Promise<string> {
    const event = {
      type: 'message',
      channel: dmChannel(this.id),
      channel_type: 'im',
      user: this.id,
      text,
      ts: `${Date.now() / 1000}`,
      event_ts: `${Date.now() / 1000}`,
      team: TEAM,
    };
    const eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 20)}`;
    return this.turn(eventId, () => this.balancer.event(event, eventId).then((r) => r.delivery.acked));
  }

  /** Presses the newest button whose label matches, anywhere in the DM. */
  async press(label: RegExp): Promise<string> {
    const button = this.findButton(label);
    if (!button) throw new Derailed(`${this.id}: no button ${String(label)}`);
    for (let tries = 0; tries < 3; tries++) {
      const trigger = `chaos-${randomUUID().slice(0, 18)}`;
      const payload = {
        type: 'block_actions',
        user: { id: this.id, team_id: TEAM },
        team: { id: TEAM, domain: 'chaos' },
        api_app_id: 'A0APP',
        trigger_id: trigger,
        container: { type: 'message', message_ts: '1.1', channel_id: dmChannel(this.id), is_ephemeral: false },
        channel: { id: dmChannel(this.id), name: 'directmessage' },
        actions: [
          {
            type: 'button',
            action_id: button.actionId,
            block_id: 'b',
            ...(button.value !== undefined ? { value: button.value } : {}),
            action_ts: '1.2',
          },
        ],
      };
      let acked = false;
      const answer = await this.turn(`trigger:${trigger}`, async () => {
        acked = (await this.balancer.interaction(payload)).acked;
        return acked;
      });
      // Slack showed the press as not gone through: the person presses again (a new trigger).
      if (acked) return answer;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    throw new Derailed(`${this.id}: a press did not go through three times`);
  }

  /** Waits until a post in the DM matches (a scheduled message), newest first. */
  async waitFor(match: (post: PostedMessage) => boolean, timeoutMs: number): Promise<PostedMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = [...this.posts()].reverse().find(match);
      if (hit) return hit;
      if (Date.now() > deadline) throw new Derailed(`${this.id}: an expected message did not arrive`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private findButton(label: RegExp): Button | undefined {
    for (const post of [...this.posts()].reverse()) {
      const hit = buttonsIn(post).find((b) => label.test(b.text));
      if (hit) return hit;
    }
    return undefined;
  }

  private async turn(id: string, send: () => Promise<boolean>): Promise<string> {
    if (this.paced) await this.balancer.pace();
    const answered = new Promise<void>((resolve) => this.ledger.waiters.set(id, resolve));
    // Recorded when it is sent (the soak counts turns offered per second), acknowledged or not.
    const record: TurnRecord = { id, user: this.id, acked: false, sentAt: Date.now() };
    this.ledger.turns.set(id, record);
    const acked = await send();
    record.acked = acked;
    const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), this.answerTimeoutMs).unref());
    const outcome = await Promise.race([answered.then(() => 'ok' as const), timer]);
    this.ledger.waiters.delete(id);
    if (outcome === 'late') {
      if (!acked) throw new Derailed(`${this.id}: Slack gave up on a turn and no answer came`);
      throw new Derailed(`${this.id}: an acknowledged turn got no answer within ${this.answerTimeoutMs} ms`);
    }
    // An answer can be several posts (`part` of `of`); after a crash the rest may come from another instance later.
    const parts = (): PostedMessage[] => this.posts().filter((p) => answerOf(p) === id);
    const whole = (): boolean => {
      const seen = parts();
      const of = Number(seen[0]?.metadata?.event_payload.of ?? 1);
      return new Set(seen.map((p) => p.metadata?.event_payload.part)).size >= of;
    };
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (const until = Date.now() + this.answerTimeoutMs; !whole() && Date.now() < until;)
      await new Promise((resolve) => setTimeout(resolve, 200));
    return parts()
      .map(
        (p) =>
          `${p.text}\n${buttonsIn(p)
            .map((b) => `[${b.text}]`)
            .join(' ')}`,
      )
      .join('\n');
  }
}
