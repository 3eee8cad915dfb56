/**
 * Slack's side of the wire for a fault run: requests signed with the app's signing secret, sent to the bot instances
 * through a round-robin balancer (a refused connection goes to the next instance, as a balancer's health check
 * would), with Slack's delivery rules: an Events API request that gets no 2xx within 3 seconds is retried with the
 * same `event_id` and `X-Slack-Retry-Num` (Slack waits about 1 s, 1 min and 5 min; scaled down here), and an
 * interaction that fails is shown to the person as not gone through (they may press again; a new trigger).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { BotInstance } from './cluster.js';
import { BOT_USER, SIGNING_SECRET, TEAM } from './slack-standin.js';

export interface Delivery {
  /** True when one attempt got a 2xx within Slack's 3 seconds: Slack considers the event delivered. */
  readonly acked: boolean;
  /** The instance that acknowledged it. */
  readonly by?: BotInstance;
  readonly attempts: number;
}

const SLACK_TIMEOUT_MS = 3_000;

export class Balancer {
  private next = 0;
  /** Called right after an instance acknowledged a request (the driver may aim a kill at that moment). */
  onAck: (instance: BotInstance, kind: 'event' | 'interaction') => void = () => undefined;
  retryDelaysMs: readonly number[] = [1_000, 5_000, 15_000];
  /** Waited for before each new turn (the soak's steady rate); retries do not wait. */
  pace: () => Promise<void> = () => Promise.resolve();
  readonly stats = { requests: 0, acked: 0, refused: 0, non2xx: 0, timeouts: 0, retries: 0, gaveUp: 0 };

  constructor(private readonly instances: readonly BotInstance[]) {}

  private pick(): BotInstance | undefined {
    for (let i = 0; i < this.instances.length; i++) {
      const candidate = this.instances[(this.next + i) % this.instances.length];
      if (candidate?.ready) {
        this.next = (this.next + i + 1) % this.instances.length;
        return candidate;
      }
    }
    return undefined;
  }

  /** One signed POST to /slack/events on a live instance; 'refused' when none took the connection. */
  private async once(
    body: string,
    contentType: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number | 'refused' | 'timeout'; by?: BotInstance }> {
    for (let tries = 0; tries < this.instances.length * 2; tries++) {
      const instance = this.pick();
      if (!instance) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      this.stats.requests++;
      try {
        const res = await fetch(`${instance.baseUrl}/slack/events`, {
          method: 'POST',
          headers: {
            'content-type': contentType,
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': signature,
            ...headers,
          },
          body,
          signal: AbortSignal.timeout(SLACK_TIMEOUT_MS),
        });
        await res.arrayBuffer().catch(() => undefined);
        return { status: res.status, by: instance };
      } catch (error) {
        if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
          this.stats.timeouts++;
          return { status: 'timeout', by: instance };
        }
        // Connection refused or reset: the balancer tries the next instance.
        this.stats.refused++;
      }
    }
    return { status: 'refused' };
  }

  /** An Events API callback around `event`, with Slack's retries. */
  async event(event: Record<string, unknown>, eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 16)}`) {
    const body = JSON.stringify({
      token: 'legacy',
      team_id: TEAM,
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
      event,
    });
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await new Promise((resolve) => setTimeout(resolve, this.retryDelaysMs[attempt - 1]));
      }
      const headers: Record<string, string> =
        attempt > 0 ? { 'x-slack-retry-num': String(attempt), 'x-slack-retry-reason': 'http_error' } : {};
      const result = await this.once(body, 'application/json', headers);
      if (typeof result.status === 'number' && result.status >= 200 && result.status < 300 && result.by) {
        this.stats.acked++;
        this.onAck(result.by, 'event');
        return { eventId, delivery: { acked: true, by: result.by, attempts: attempt + 1 } };
      }
      if (typeof result.status === 'number') this.stats.non2xx++;
    }
    this.stats.gaveUp++;
    return { eventId, delivery: { acked: false, attempts: this.retryDelaysMs.length + 1 } };
  }

  /** An interactivity payload (a button press), form-encoded; not retried by Slack. */
  async interaction(payload: Record<string, unknown>): Promise<Delivery> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const result = await this.once(body, 'application/x-www-form-urlencoded');
    if (typeof result.status === 'number' && result.status >= 200 && result.status < 300 && result.by) {
      this.stats.acked++;
      this.onAck(result.by, 'interaction');
      return { acked: true, by: result.by, attempts: 1 };
    }
    if (typeof result.status === 'number') this.stats.non2xx++;
    return { acked: false, attempts: 1 };
  }
}
