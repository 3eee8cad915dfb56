/**
 * Turns first: a person waiting for an answer comes before a scheduled message. The engine counts the inbound turns
 * in flight in this process; the dispatcher runs each of its steps (rendering one person's messages, sending one
 * person's message) through `step`. While no turn is in flight, steps run as they come (the dispatcher's own
 * concurrency). While turns are in flight, the dispatcher gets one step at a time, and a step first waits for a
 * moment without turns, at most `maxWaitMs`: the 09:00 burst then costs a conversation at most one step's worth of
 * database and CPU time, and it still drains (a step runs at least every `maxWaitMs`).
 *
 * Per process, without a coordinator: each instance protects the turns it answers itself.
 */
export class TurnsFirst {
  private turns = 0;
  private busySteps = 0;

  constructor(private readonly maxWaitMs = 250) {}

  /** Runs an inbound turn, counted while it runs. */
  async turn<T>(work: () => Promise<T>): Promise<T> {
    this.turns++;
    try {
      return await work();
    } finally {
      this.turns--;
    }
  }

  /** Inbound turns in flight now. */
  inFlight(): number {
    return this.turns;
  }

  /** Resolves at a moment without turns in flight, or after `maxWaitMs` (before a bigger piece of background work). */
  async quiet(): Promise<void> {
    const since = Date.now();
    while (this.turns > 0 && Date.now() - since < this.maxWaitMs) await pause();
  }

  /** Runs one step of background work, after the turns in flight (see the module's comment). */
  async step<T>(work: () => Promise<T>): Promise<T> {
    const since = Date.now();
    while (this.turns > 0 && (this.busySteps > 0 || Date.now() - since < this.maxWaitMs)) await pause();
    const counted = this.turns > 0;
    if (counted) this.busySteps++;
    try {
      return await work();
    } finally {
      if (counted) this.busySteps--;
    }
  }
}

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 3));
