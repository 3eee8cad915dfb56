/**
 * Slack turns go through the inbox (store/inbox.repo.ts): a DM, a `/coach` command or a button press is stored
 * before Slack gets its 200, then processed; an instance that dies after the 200 leaves the event to whichever
 * instance finds its lease ran out (every instance sweeps). When the database cannot take the insert, the request is
 * answered with an error: Slack retries an Events API delivery (same `event_id`, up to three times), and shows a
 * command or button press as not gone through.
 *
 * A turn that fails for a passing reason (the database went away) is retried, not apologised for; only the last
 * attempt answers with the apology, so a person gets one answer, never an apology followed by a later answer.
 */
import { z } from 'zod';
import type { InboundBody } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { EarlyArrival } from '../../core/engine.js';
import type { Inbox, InboxEvent, InboxReceipt } from '../../core/inbox.js';
import { RoundTripMeter } from '../../core/round-trips.js';

/** What a stored Slack turn needs: ids, the translated input and where the answer goes. No profile, no raw payload. */
export interface SlackJob {
  readonly team: string;
  readonly user: string;
  /** The event's id: `event_id` for Events API deliveries, `trigger:<trigger_id>` for commands and buttons. */
  readonly eventId: string;
  readonly body: InboundBody;
  readonly channelId?: string | undefined;
  readonly threadTs?: string | undefined;
  readonly home?: boolean | undefined;
}

const jobSchema = z.object({
  team: z.string(),
  user: z.string(),
  eventId: z.string(),
  body: z.custom<InboundBody>((b) => typeof b === 'object' && b !== null && 'type' in b),
  channelId: z.string().optional(),
  threadTs: z.string().optional(),
  home: z.boolean().optional(),
});

export interface JobAttempt {
  /** 1 on the first processing; more when an earlier instance may have posted part of the answer. */
  readonly attempts: number;
  readonly receivedAt: Date;
  /** The last attempt: answer even a failure (with the apology) rather than retry. */
  readonly final: boolean;
  /** True while this instance still holds the event (checked right before posting: a taken-over event is not ours). */
  readonly stillOurs: () => Promise<boolean>;
}

/** Thrown when an event cannot be stored: the listener must not acknowledge, so Slack retries or shows a failure. */
export class InboxUnavailableError extends Error {
  readonly code = 'slack_inbox_unavailable';
  constructor(options?: { cause?: unknown }) {
    super('the inbox could not store the event', options);
    this.name = 'InboxUnavailableError';
  }
}

export interface SlackInboxOptions {
  readonly inbox: Inbox;
  /** This instance's lease owner name. */
  readonly owner: string;
  readonly leaseMs: number;
  readonly logger: Logger;
  /** Runs the job's turn and posts its answer; 'retry' when the turn failed for a reason that may pass. */
  readonly run: (
    job: SlackJob,
    attempt: JobAttempt,
    token?: string,
    early?: Promise<EarlyArrival>,
  ) => Promise<'done' | 'retry' | 'taken-over'>;
  /** Counts work as in flight (graceful stop waits for it). */
  readonly track: <T>(work: () => Promise<T>) => Promise<T>;
  /** Attempts before a failing turn is answered with the apology (default 4). */
  readonly maxAttempts?: number;
}

const CHANNEL = 'slack';

export class SlackInbox {
  private timer: NodeJS.Timeout | undefined;
  private sweeping = false;
  /** Events this process is answering right now: its own sweep must not start a second run of one. */
  private readonly working = new Set<string>();
  private stopped = false;

  constructor(private readonly options: SlackInboxOptions) {}

  /**
   * Stores the job (throws InboxUnavailableError when it cannot), then processes it in the background. `token` is the
   * request's bot token (kept in memory only; a later attempt looks the workspace's token up). `arriveEarly` starts the
   * turn's first read alongside the insert; its result is used only if the event is new and processed here.
   */
  async accept(job: SlackJob, token?: string, arriveEarly?: () => Promise<EarlyArrival>): Promise<void> {
    // The turn's database round trips, from the insert to the event marked done, in one debug line.
    const meter = new RoundTripMeter();
    return meter.run(() => this.acceptNow(job, meter, token, arriveEarly));
  }

  private async acceptNow(
    job: SlackJob,
    meter: RoundTripMeter,
    token?: string,
    arriveEarly?: () => Promise<EarlyArrival>,
  ): Promise<void> {
    const early = arriveEarly?.();
    void early?.catch(() => undefined); // the turn reads again if this failed
    let received: InboxReceipt;
    try {
      received = await this.options.inbox.receive(
        `${CHANNEL}:${job.eventId}`,
        CHANNEL,
        { ...job },
        this.options.owner,
        this.options.leaseMs,
      );
    } catch (cause) {
      this.options.logger.warn(
        { err: cause instanceof Error ? cause.name : 'unknown' },
        'slack event not stored: not acknowledged',
      );
      throw new InboxUnavailableError({ cause });
    }
    if (received.status === 'seen') return;
    const event = received.event;
    void this.options.track(async () => {
      await this.process(event, token, job, early);
      if (this.options.logger.enabled?.('debug') === false) return;
      this.options.logger.debug(
        { event: event.id, roundTrips: meter.count, commands: meter.summary(), waits: meter.path() },
        'slack turn round trips',
      );
    });
  }

  /** Every `intervalMs`, takes over events whose processing lease ran out (an instance died or gave them back). */
  startSweeping(intervalMs: number): void {
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    if (this.sweeping || this.stopped) return 0;
    this.sweeping = true;
    let taken = 0;
    try {
      for (; taken < 50 && !this.stopped; taken++) {
        const event = await this.options.inbox.claimExpired(CHANNEL, this.options.owner, this.options.leaseMs);
        if (!event) break;
        if (this.working.has(event.id)) {
          // A busy event loop missed a renewal: the lease is ours again, and the run in progress keeps the event.
          // Running it a second time here would race the first one's posts (an answer part posted twice).
          this.options.logger.warn({ event: event.id }, 'slack event lease ran out while answered here: kept');
          continue;
        }
        this.options.logger.warn(
          { event: event.id, attempts: event.attempts },
          'slack event taken over after its lease ran out',
        );
        void this.options.track(() => this.process(event));
      }
    } catch (error) {
      this.options.logger.warn({ err: error instanceof Error ? error.name : 'unknown' }, 'slack inbox sweep failed');
    } finally {
      this.sweeping = false;
    }
    return taken;
  }

  /**
   * `received`: the job as this process stored it a moment ago (read back from the store, it is parsed again); `early`:
   * its first read, started alongside the insert.
   */
  private async process(
    event: InboxEvent,
    token?: string,
    received?: SlackJob,
    early?: Promise<EarlyArrival>,
  ): Promise<void> {
    this.working.add(event.id);
    try {
      await this.processOnce(event, token, received, early);
    } finally {
      this.working.delete(event.id);
    }
  }

  private async processOnce(
    event: InboxEvent,
    token?: string,
    received?: SlackJob,
    early?: Promise<EarlyArrival>,
  ): Promise<void> {
    const job = received ? { success: true as const, data: received } : jobSchema.safeParse(event.payload);
    // The lease is renewed while this instance works on the event, so only a dead (or frozen) instance loses it.
    let ours = true;
    let renewedAt = Date.now();
    const renew = async (): Promise<boolean> => {
      const at = Date.now();
      ours =
        ours && (await this.options.inbox.renew(event.id, this.options.owner, this.options.leaseMs).catch(() => true));
      if (ours) renewedAt = at;
      return ours;
    };
    // Right before posting: a lease taken or renewed moments ago cannot have run out (no other instance may take the
    // event before it does), so the common, quick turn skips that round trip; a slow one asks the database.
    const stillOurs = async (): Promise<boolean> =>
      ours && (Date.now() - renewedAt < this.options.leaseMs / 4 || (await renew()));
    const heartbeat = setInterval(() => void renew(), Math.max(500, this.options.leaseMs / 3));
    heartbeat.unref();
    try {
      if (!job.success) {
        this.options.logger.error({ event: event.id }, 'slack inbox event unreadable: dropped');
        await this.options.inbox.done(event.id);
        return;
      }
      const final = event.attempts >= (this.options.maxAttempts ?? 4);
      const attempt = { attempts: event.attempts, receivedAt: event.receivedAt, final, stillOurs };
      const outcome = await this.options.run(job.data, attempt, token, early);
      if (outcome === 'done') await this.options.inbox.done(event.id);
      else if (outcome === 'retry')
        await this.options.inbox.retryLater(
          event.id,
          this.options.owner,
          Math.min(this.options.leaseMs, 5_000 * event.attempts),
        );
      else
        this.options.logger.warn({ event: event.id }, 'slack event taken over by another instance: not answered here');
    } catch (error) {
      // The lease runs out and another attempt follows (or this one's sweep takes it again).
      this.options.logger.warn(
        { event: event.id, err: error instanceof Error ? error.name : 'unknown' },
        'slack event processing interrupted: it will be retried',
      );
    } finally {
      clearInterval(heartbeat);
    }
  }
}
