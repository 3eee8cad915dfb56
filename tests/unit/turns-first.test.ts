/**
 * Turns first (issue 15): background steps (a scheduled delivery's render or send) wait while this process answers
 * a turn, one at a time while turns keep coming, and still run within `maxWaitMs`; without turns they run at once.
 */
import { describe, expect, it } from 'vitest';
import { TurnsFirst } from '../../src/core/turns-first.js';

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('turns first', () => {
  it('runs steps at once, side by side, while no turn is in flight', async () => {
    const gate = new TurnsFirst(1_000);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 4 }, () =>
        gate.step(async () => {
          most = Math.max(most, ++running);
          await later(20);
          running--;
        }),
      ),
    );
    expect(most).toBe(4);
  });

  it('holds steps back while a turn is in flight, and lets them go when it ends', async () => {
    const gate = new TurnsFirst(5_000);
    const order: string[] = [];
    let endTurn = (): void => undefined;
    const turn = gate.turn(
      () =>
        new Promise<void>((resolve) => {
          endTurn = () => {
            order.push('turn');
            resolve();
          };
        }),
    );
    expect(gate.inFlight()).toBe(1);
    const step = gate.step(async () => void order.push('step'));
    await later(50);
    expect(order).toEqual([]);
    endTurn();
    await Promise.all([turn, step]);
    expect(order).toEqual(['turn', 'step']);
    expect(gate.inFlight()).toBe(0);
  });

  it('while turns keep coming, lets one step through at a time after maxWaitMs', async () => {
    const gate = new TurnsFirst(30);
    let stop = false;
    const turns = gate.turn(async () => {
      while (!stop) await later(5);
    });
    let running = 0;
    let most = 0;
    const steps = Promise.all(
      Array.from({ length: 3 }, () =>
        gate.step(async () => {
          most = Math.max(most, ++running);
          await later(20);
          running--;
        }),
      ),
    );
    await steps; // they did run, although the turn never ended
    stop = true;
    await turns;
    expect(most).toBe(1);
  });
});
