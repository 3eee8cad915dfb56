/**
 * Time comes in through a port, so tests and the development clock move time instead of sleeping.
 * `ManualClock` is the development clock: real time plus an offset that only ever grows.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  private offsetMs = 0;
  constructor(
    private readonly base: () => number = () => Date.now(),
    start?: Date,
  ) {
    if (start) this.offsetMs = start.getTime() - base();
  }
  now(): Date {
    return new Date(this.base() + this.offsetMs);
  }
  advance(ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }
  /** Moves to `at` when it lies ahead; never moves back. */
  advanceTo(at: Date): Date {
    const delta = at.getTime() - this.now().getTime();
    if (delta > 0) this.offsetMs += delta;
    return this.now();
  }
}

/** A clock frozen at a point that tests move by hand. */
export class FixedClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): Date {
    this.current += ms;
    return this.now();
  }
  set(at: Date | string): Date {
    this.current = new Date(at).getTime();
    return this.now();
  }
}
