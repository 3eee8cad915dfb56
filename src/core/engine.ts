/**
 * The dialogue engine: InboundEvent → flow step → Reply[].
 *
 * A turn is decided first (state + input → next frame + replies + effects), committed with a compare-and-set on the
 * dialog revision, and only then acted on. The loser of a race reloads and decides again, so no turn is lost or
 * doubled; effects carry ids derived from the committed revision, so applying them twice changes nothing.
 * A scheduler resume that changes nothing (same frame, no effects: a notice that only informs) commits nothing.
 * The engine knows nothing of coaching: the domain supplies the decider and the effect applier.
 */
import { ApplyClaim, DEFAULT_APPLY_LEASE_MS } from './apply-claim.js';
import type { Clock } from './clock.js';
import type { DialogFrame, DialogRepo, DialogState, PendingEffect } from './dialog.js';
import { AppError, normaliseError, type ErrorClassifier } from './errors.js';
import type { InboundBody, InboundEvent, ResumeEvent } from './events.js';
import type { Logger } from './logger.js';
import type { Reply } from './reply.js';
import { RoundTripMeter, roundTrips } from './round-trips.js';
import type { TurnsFirst } from './turns-first.js';
import { nextState, pause, sameFrame } from './turn-state.js';

export type TurnInput =
  | { readonly kind: 'event'; readonly body: InboundBody; readonly event: InboundEvent }
  | { readonly kind: 'resume'; readonly event: ResumeEvent };

export interface TurnInfo<S = unknown> {
  readonly personId: string;
  /**
   * The domain's record of the person as read with the dialog state this turn decides on (see `Arrival`); absent on a
   * redo after a lost race or applied effects, where it may be stale: read it again then.
   */
  readonly subject?: S;
  /** The revision this turn commits as, if it wins. */
  readonly revision: number;
  readonly now: Date;
  /** Ids for things this turn creates: stable across a redo of the same revision, unique across revisions. */
  newId(label: string): string;
}

export interface Decision<E> {
  readonly frame: DialogFrame;
  readonly replies: readonly Reply[];
  readonly effects: readonly E[];
}

export interface Decider<E, S = unknown> {
  decide(state: DialogState<E>, input: TurnInput, turn: TurnInfo<S>): Promise<Decision<E>>;
  /** The kind sentence a person sees when something went wrong (never a stack trace). */
  apologise(personId: string, error: AppError): Promise<Reply>;
  /** The apology when the person is unknown or even `apologise` fails: every language, from the catalogues. */
  readonly lastResort: Reply;
}

export interface EffectApplier<E> {
  /** Applies effects in order; each must be idempotent under its id. Effects say nothing: replies come from the decision. */
  apply(personId: string, effects: readonly PendingEffect<E>[]): Promise<void>;
}

/**
 * Who an inbound event is from, and, when the store read them in the same round trip, their dialog state and the
 * domain's record of them (`subject`): the first attempt of the turn then decides without reading either again.
 */
export interface Arrival<E, S> {
  readonly personId: string;
  readonly state?: DialogState<E>;
  readonly subject?: S;
}

export interface EngineDeps<E, S = unknown> {
  readonly dialogs: DialogRepo<E>;
  readonly decider: Decider<E, S>;
  readonly applier: EffectApplier<E>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Finds or creates the person behind an inbound event (with their dialog state, where it reads both at once). */
  readonly identify: (event: InboundEvent) => Promise<string | Arrival<E, S>>;
  /** Says what infrastructure errors mean (the store: "the database cannot be reached"); others are `internal`. */
  readonly classifyError?: ErrorClassifier;
  /** Counts inbound turns in flight, so background work in this process can let them go first (core/turns-first.ts). */
  readonly turnsFirst?: TurnsFirst;
  /** How long a turn keeps retrying after losing races before it gives up with a kind "busy" reply (default 20 s). */
  readonly turnTimeoutMs?: number;
  /**
   * The claim on applying a revision's effects (real time; default 5 s, renewed while the application runs): how long
   * a turn killed while applying holds that person's next turn.
   */
  readonly applyLeaseMs?: number;
}

export interface ReceiveOptions {
  /** Give back the saved replies of an event whose turn committed before (an inbox processing it again). */
  readonly replay?: boolean;
  /** The arrival read started alongside storing the event (`arriveEarly`). */
  readonly early?: Promise<EarlyArrival> | undefined;
}

export type TurnOutcome =
  /** `replayed`: the event's turn had committed before (a retry after a crash); these are its saved replies. */
  | { readonly status: 'replied'; readonly replies: readonly Reply[]; readonly replayed?: boolean }
  | { readonly status: 'duplicate' }
  | { readonly status: 'failed'; readonly error: AppError; readonly replies: readonly Reply[] };

/**
 * The person behind an inbound event and their state, read early: a channel that stores the event first (the Slack
 * inbox) starts this read alongside that insert instead of after it, and hands it to `receive`.
 */
export interface EarlyArrival {
  readonly eventId: string | undefined;
  readonly found: Promise<unknown>;
}

/**
 * What a channel calls for an inbound turn (the engine, or a wrapper around it such as the metrics' count): a wrapper
 * passes `arriveEarly` on, or a channel that stores events first loses its early read.
 */
export interface TurnReceiver {
  receive(event: InboundEvent, options?: ReceiveOptions): Promise<TurnOutcome>;
  arriveEarly?(event: InboundEvent): EarlyArrival;
}

export class Engine<E, S = unknown> implements TurnReceiver {
  constructor(private readonly deps: EngineDeps<E, S>) {}

  /**
   * Starts reading who `event` is from, with their dialog state, for a `receive` of the same event soon after. A read
   * that turns out stale (another turn of theirs committed meanwhile) only costs a redo: the save's compare-and-set
   * refuses it and the turn reads again, as after any lost race.
   */
  arriveEarly(event: InboundEvent): EarlyArrival {
    const found = this.deps.identify(event);
    void found.catch(() => undefined); // a failed early read is read again by the turn, which reports it
    return { eventId: event.eventId, found };
  }

  /**
   * Handles a message, button or command from a channel. Never throws: failures become a kind reply. An event whose
   * turn already committed (same `eventId`) is not run again: it is a `duplicate`, or with `replay` (an inbox
   * re-processing an event whose answer may not have gone out) the saved replies come back as `replayed`.
   */
  async receive(event: InboundEvent, options: ReceiveOptions = {}): Promise<TurnOutcome> {
    const counted = this.deps.turnsFirst;
    return counted ? counted.turn(() => this.receiveMetered(event, options)) : this.receiveMetered(event, options);
  }

  private async receiveMetered(event: InboundEvent, options: ReceiveOptions): Promise<TurnOutcome> {
    // A channel that counts the whole turn (the Slack inbox: its insert and its answer too) has a meter running.
    if (roundTrips.active()) return this.receiveNow(event, options);
    const meter = new RoundTripMeter();
    const outcome = await meter.run(() => this.receiveNow(event, options));
    this.deps.logger.debug(
      { channel: event.from.channel, roundTrips: meter.count, commands: meter.summary(), waits: meter.path() },
      'turn round trips',
    );
    return outcome;
  }

  private async receiveNow(event: InboundEvent, options: ReceiveOptions): Promise<TurnOutcome> {
    let personId: string | undefined;
    try {
      const found = await this.arrival(event, options.early);
      const arrival: Arrival<E, S> = typeof found === 'string' ? { personId: found } : found;
      personId = arrival.personId;
      const key = event.eventId ? `${event.from.channel}:${event.eventId}` : undefined;
      const result = await this.turn(personId, { kind: 'event', body: event.body, event }, key, arrival);
      if (!result.earlier) return { status: 'replied', replies: result.replies };
      return options.replay ? { status: 'replied', replies: result.replies, replayed: true } : { status: 'duplicate' };
    } catch (thrown) {
      return this.fail(thrown, personId, { channel: event.from.channel, body: event.body.type });
    }
  }

  /** Who the event is from (and their state): the early read when there is one for this event and it worked. */
  private async arrival(event: InboundEvent, early?: Promise<EarlyArrival>): Promise<string | Arrival<E, S>> {
    const started = await early?.catch(() => undefined);
    if (started && started.eventId === event.eventId) {
      const found = await started.found.catch(() => undefined);
      // What `arriveEarly` read with this engine's own `identify`.
      if (found !== undefined) return found as string | Arrival<E, S>;
    }
    return this.deps.identify(event);
  }

  /** The scheduler waking a person's conversation (invitation, digest, nudge). Returns what to send, maybe nothing. */
  async resume(personId: string, event: ResumeEvent): Promise<Reply[]> {
    return (await this.turn(personId, { kind: 'resume', event })).replies;
  }

  /** Same as receive, for callers that already know the person (web chat, tests). */
  async receiveAs(personId: string, event: InboundEvent): Promise<TurnOutcome> {
    try {
      return {
        status: 'replied',
        replies: (await this.turn(personId, { kind: 'event', body: event.body, event })).replies,
      };
    } catch (thrown) {
      return this.fail(thrown, personId, { channel: event.from.channel, body: event.body.type });
    }
  }

  private async fail(
    thrown: unknown,
    personId: string | undefined,
    fields: Record<string, unknown>,
  ): Promise<TurnOutcome> {
    const error = normaliseError(thrown, this.deps.classifyError);
    // Log the code and the cause's message only: never what the person wrote.
    this.deps.logger.error(
      {
        ...fields,
        personId,
        code: error.code,
        err: error.cause instanceof Error ? error.cause.message : error.message,
      },
      'turn failed',
    );
    const replies = personId
      ? [await this.deps.decider.apologise(personId, error).catch(() => this.deps.decider.lastResort)]
      : [this.deps.decider.lastResort];
    return { status: 'failed', error, replies };
  }

  /** One turn; `eventKey` names the inbound event, so a turn that already committed for it is not run twice. */
  private async turn(
    personId: string,
    input: TurnInput,
    eventKey?: string,
    arrival?: Arrival<E, S>,
  ): Promise<{ replies: Reply[]; earlier: boolean }> {
    const deadline = Date.now() + (this.deps.turnTimeoutMs ?? 20_000);
    for (let attempt = 1; Date.now() < deadline; attempt++) {
      // The first attempt decides on what arrived with the person (read in the same round trip), later ones reload.
      const arrived = attempt === 1 ? arrival?.state : undefined;
      const state = arrived ?? (await this.deps.dialogs.load(personId));
      const subject = arrived ? arrival?.subject : undefined;
      if (state.pending.length > 0) {
        // The previous turn committed but has not finished acting. Whoever holds the claim applies its effects;
        // everyone else waits for them, so effects land in revision order and a turn decides on applied state.
        if (await this.applyPending(personId, state.revision, state.pending)) continue;
        await pause(attempt);
        continue;
      }
      const earlier = eventKey ? state.answered?.find((a) => a.event === eventKey) : undefined;
      // What arrived with the person leaves the answers' texts out (a turn needs one only for an event answered
      // before, a platform retry): read the whole state for that one.
      if (earlier && !earlier.replies && arrived) continue;
      if (earlier) return { replies: [...(earlier.replies ?? [])], earlier: true };
      const revision = state.revision + 1;
      const now = this.deps.clock.now();
      const turn: TurnInfo<S> = {
        personId,
        revision,
        now,
        newId: (label) => `${personId}:${revision}:${label}`,
        ...(subject !== undefined ? { subject } : {}),
      };
      const decision = await this.deps.decider.decide(state, input, turn);
      const pending: PendingEffect<E>[] = decision.effects.map((effect, i) => ({
        id: `${personId}:${revision}:e${i}`,
        effect,
      }));
      // The scheduler's resume that leaves everything as it was (a notice that only informs) has nothing to commit.
      if (input.kind === 'resume' && pending.length === 0 && sameFrame(state, decision.frame))
        return { replies: [...decision.replies], earlier: false };
      const next = nextState(state, decision, pending, eventKey);
      if (await this.deps.dialogs.save(next, state.revision)) {
        // If another turn claimed these effects first, it applies them; ours are then in safe hands.
        if (pending.length > 0) await this.applyPending(personId, revision, pending);
        return { replies: [...decision.replies], earlier: false };
      }
      // Lost the race to another turn for the same person: reload and decide again on the newer state.
      await pause(attempt);
    }
    throw new AppError('store_conflict', 'gave up on a turn that kept conflicting');
  }

  /**
   * Applies a revision's pending effects if this turn wins the claim on them (apply-claim.ts: short, renewed while it
   * runs); true when it did, or when it lost the claim midway to a turn that took over and applies them all.
   */
  private async applyPending(
    personId: string,
    revision: number,
    pending: readonly PendingEffect<E>[],
  ): Promise<boolean> {
    const leaseMs = this.deps.applyLeaseMs ?? DEFAULT_APPLY_LEASE_MS;
    const claim = await ApplyClaim.take(this.deps.dialogs, personId, revision, leaseMs);
    if (!claim) return false;
    try {
      for (const effect of pending) {
        if (!(await claim.confirm())) return true;
        await this.deps.applier.apply(personId, [effect]);
      }
      await this.deps.dialogs.clearPending(personId, revision);
      return true;
    } finally {
      claim.stop();
    }
  }
}
