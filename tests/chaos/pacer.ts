/**
 * The soak's open-loop pace: exactly `rate` turn slots per second, counted from the start (a late timer catches up,
 * it does not lower the rate). A slot goes to the journey turn that waits longest; a slot that no journey turn wants
 * goes to `idle` (the soak fills it with a turn of its own), so the rate offered does not fall when the bot answers
 * slowly. Journey people wait for their answer before their next turn, as people do; the filler turns do not.
 */
export class OpenPacer {
  /** Slots handed out so far: to journey turns, and to `idle`. */
  readonly given = { journey: 0, idle: 0 };
  private readonly waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private stopped: Error | undefined;

  constructor(
    private readonly rate: number,
    private readonly idle: () => void,
  ) {}

  start(): void {
    this.started = Date.now();
    this.timer = setInterval(() => this.release(), Math.max(5, Math.min(50, 500 / this.rate)));
  }

  /** No more slots: the turns still waiting for one, and any asking later, fail with `error`. */
  stop(error: Error): void {
    clearInterval(this.timer);
    this.stopped = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }

  /** Waits for the next slot (a journey turn). */
  slot(): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(): void {
    const due = Math.floor(((Date.now() - this.started) * this.rate) / 1000);
    while (this.given.journey + this.given.idle < due) {
      const next = this.waiting.shift();
      if (next) {
        this.given.journey++;
        next.resolve();
      } else {
        this.given.idle++;
        this.idle();
      }
    }
  }
}
