/**
 * Pacing scheduled sends at the platforms' rates (`DispatcherSettings.sendsPerSecond`), shared by every instance:
 * each second, a slice's sends to one workspace or tenant take what they need from the shared counter (one command,
 * see `SendRate`), which also says their places in that second. The n-th place of a second goes out at
 * n × (USABLE_MS / limit) into it, so the sends of all instances together are spread evenly over the first
 * USABLE_MS of the second, and a send delayed on its way (a busy event loop, the network) still reaches the platform
 * within the second. A place not used by the end of USABLE_MS is dropped, never carried over: the rate can only come
 * out lower, never higher. Real time, not the scheduler's clock: the platforms count real seconds.
 */
import type { MessengerTarget } from '../core/messenger.js';
import type { SendRate } from './ports.js';

/** The part of each second in which sends start; the rest is margin for their way to the platform. */
const USABLE_MS = 800;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

class SpacePacer {
  /** Start times of the places this slice holds, earliest first. */
  private places: number[] = [];
  private askedFor = -1;
  private asking: Promise<void> | undefined;

  constructor(
    private readonly rate: SendRate,
    private readonly space: string,
    private readonly perSecond: number,
    private waiting: number,
  ) {}

  /** Resolves when one send may go out now. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = Date.now();
      const second = Math.floor(now / 1000);
      this.places = this.places.filter((at) => Math.floor(at / 1000) === second && at < second * 1000 + USABLE_MS);
      const place = this.places.shift();
      if (place !== undefined) {
        await sleep(place - Date.now());
        // A busy event loop may wake us late: a place whose part of the second has passed is dropped, not used.
        if (Date.now() >= second * 1000 + USABLE_MS) continue;
        this.waiting--;
        return;
      }
      if (this.asking) await this.asking;
      else if (this.askedFor !== second && now - second * 1000 < USABLE_MS) this.asking = this.ask(now, second);
      else await sleep((second + 1) * 1000 - now + Math.random() * 10);
    }
  }

  private async ask(now: number, second: number): Promise<void> {
    try {
      this.askedFor = second;
      const wanted = Math.min(this.waiting, this.perSecond);
      const { granted, from } = await this.rate.take(this.space, wanted, this.perSecond, new Date(now));
      const gap = USABLE_MS / this.perSecond;
      for (let i = 0; i < granted; i++) this.places.push(second * 1000 + (from + i) * gap);
    } finally {
      this.asking = undefined;
    }
  }
}

/** The pacers of one slice of sends, one per workspace or tenant with a configured rate. */
export class SlicePacing {
  private readonly pacers = new Map<string, SpacePacer>();

  constructor(
    rate: SendRate | undefined,
    sendsPerSecond: Readonly<Record<string, number>>,
    targets: readonly MessengerTarget[],
  ) {
    if (!rate) return;
    const counts = new Map<string, number>();
    for (const t of targets) {
      if (!(sendsPerSecond[t.channel] ?? 0)) continue;
      const space = spaceOf(t);
      counts.set(space, (counts.get(space) ?? 0) + 1);
    }
    for (const [space, n] of counts) {
      const channel = space.slice(0, space.indexOf(':'));
      this.pacers.set(space, new SpacePacer(rate, space, sendsPerSecond[channel] ?? 1, n));
    }
  }

  /** Waits for the target's turn at its platform's rate (at once for a channel that is not paced). */
  async ready(target: MessengerTarget): Promise<void> {
    await this.pacers.get(spaceOf(target))?.acquire();
  }
}

const spaceOf = (t: MessengerTarget): string => `${t.channel}:${t.tenantId}`;
