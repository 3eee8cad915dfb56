/**
 * Aimed SIGKILLs for the fault runs: an aim is armed, and the first moment of that kind kills the instance it
 * happens on — right after it acknowledged a request (the turn is stored, its answer not yet posted), or while it
 * waits for the stand-in to answer a post (the message counts as posted at Slack; the bot never learns it). Kills at
 * random moments prove little (an answer leaves ~13 ms after the acknowledgement); these are the moments that lose or
 * double work. A killed instance is started again at once; at least one other instance must be ready to fire.
 */
import type { Balancer } from './balancer.js';
import type { BotInstance } from './cluster.js';
import type { PostedMessage, SlackStandIn } from './slack-standin.js';

export type Aim = 'after-ack' | 'during-answer-post' | 'during-scheduled-post';
export const AIMS: readonly Aim[] = ['after-ack', 'during-scheduled-post', 'during-answer-post'];

export class AimedKiller {
  readonly kills: Record<string, number> = {};
  readonly restartFailures: string[] = [];
  /** Off: armed aims are ignored (the settling phase). */
  enabled = true;
  private armed: Aim | undefined;
  private fired: (() => void) | undefined;
  private readonly restarts = new Set<Promise<void>>();

  constructor(
    private readonly instances: readonly BotInstance[],
    balancer: Balancer,
    standIn: SlackStandIn,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    balancer.onAck = (instance) => {
      if (this.armed === 'after-ack') void this.fire(instance, this.armed);
    };
    standIn.onPost = (post) => this.onPost(post);
  }

  /** Arms `aim` (replacing any armed one); the next moment of that kind fires it. */
  arm(aim: Aim | undefined): void {
    this.armed = aim;
  }

  get armedAim(): Aim | undefined {
    return this.armed;
  }

  /** Arms `aim` and resolves true once it fired, false when no such moment came within `timeoutMs` (disarmed). */
  async once(aim: Aim, timeoutMs: number): Promise<boolean> {
    this.arm(aim);
    const fired = new Promise<boolean>((resolve) => (this.fired = () => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    const outcome = await Promise.race([fired, timeout]);
    this.fired = undefined;
    if (!outcome && this.armed === aim) this.armed = undefined;
    return outcome;
  }

  /** Resolves when every killed instance has been started again (or its restart failed). */
  async restarted(): Promise<void> {
    while (this.restarts.size > 0) await Promise.allSettled([...this.restarts]);
  }

  private onPost(post: PostedMessage): Promise<void> | undefined {
    const kind = post.metadata?.event_type;
    const aim = this.armed;
    const hit =
      (aim === 'during-answer-post' && kind === 'coach_answer') ||
      (aim === 'during-scheduled-post' && kind === 'coach_outbox');
    if (!hit) return undefined;
    const instance = this.instances.find((i) => i.name === post.instance);
    // The stand-in holds its answer until the poster is dead: the bot never learns that the post went through.
    return instance ? this.fire(instance, aim) : undefined;
  }

  /** Starts a killed instance again, as an orchestrator would: a start that fails (the database is down) is retried. */
  private async startAgain(instance: BotInstance): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await instance.start();
        return;
      } catch (error) {
        this.log(`restart ${attempt} of ${instance.name} failed: ${String(error)}`);
        if (attempt >= 3) {
          this.restartFailures.push(`${instance.name}: ${String(error)}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  }

  private fire(instance: BotInstance, aim: Aim): Promise<void> | undefined {
    if (!this.enabled || !instance.ready || this.instances.filter((i) => i.ready).length < 2) return undefined;
    this.armed = undefined;
    this.kills[aim] = (this.kills[aim] ?? 0) + 1;
    this.log(`kill ${instance.name} (${aim})`);
    this.fired?.();
    const killed = instance.kill();
    const restart = killed.then(() => this.startAgain(instance));
    this.restarts.add(restart);
    void restart.finally(() => this.restarts.delete(restart));
    return killed;
  }
}
