/**
 * What a channel adapter gets and gives. Adapters only translate transport: inbound payloads become engine events,
 * engine replies become the platform's format. No coaching decision is made in src/channels/.
 */
import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Clock } from '../core/clock.js';
import type { TurnOutcome } from '../core/engine.js';
import type { Channel, ChannelIdentity, InboundEvent, ProfileHints } from '../core/events.js';
import type { PersonDefaults } from '../app.js';
import type { Inbox } from '../core/inbox.js';
import type { Logger } from '../core/logger.js';
import type { Messenger } from '../core/messenger.js';
import type { Reply } from '../core/reply.js';
import type { Sealer } from '../core/sealer.js';
import type { Directory, PeopleRepo } from '../coaching/ports.js';
import type { Models } from '../store/schemas.js';

export interface ChannelContext {
  readonly config: Readonly<Config>;
  /** The shared HTTP server's router: mount `/slack/events`, `/api/messages`, `/` here. */
  readonly router: Router;
  readonly engine: {
    /** `replay`: give back the saved answer of an event whose turn already committed (inbox re-processing). */
    receive(event: InboundEvent, options?: { replay?: boolean }): Promise<TurnOutcome>;
  };
  /** Inbound events stored before the platform is acknowledged (Slack). */
  readonly inbox: Inbox;
  /** The person's dashboard (App Home, Teams welcome): next session, preparation, open agreements, coachees. */
  readonly dashboard: (identity: ChannelIdentity, profile?: ProfileHints) => Promise<Reply>;
  /** What a person the channel creates starts with (language, zone, working hours), from the configuration. */
  readonly personDefaults: PersonDefaults;
  readonly people: PeopleRepo;
  /** For channel-owned collections (Slack installations). */
  readonly models: Models;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Seals what a channel keeps in its own collection (web chat transcript, Slack forms). */
  readonly sealer?: Sealer;
  /** When a workspace or a person removes the app (store/uninstalls.ts). */
  readonly removals?: AppRemovals;
}

/** Stopping messages when the app is removed, and taking someone back who writes again after a reinstall. */
export interface AppRemovals {
  stopSpace(space: { channel: Channel; tenantId: string }, at: Date): Promise<string[]>;
  stopPerson(personId: string, at: Date): Promise<void>;
  comeBack(identity: ChannelIdentity): Promise<void>;
}

export interface ChannelHandle {
  readonly channel: Channel;
  readonly messenger: Messenger;
  readonly directory?: Directory;
  /** A short description for the start-up log ("http at /slack/events", "socket mode"). */
  readonly mode: string;
  /** Stops taking work and waits for work in flight up to `graceMs` (when given; else the channel's own bound). */
  stop(graceMs?: number): Promise<void>;
  /** Work still in flight, by kind (counts only): the graceful stop reports what it had to abandon. */
  inFlight?(): Readonly<Record<string, number>>;
}
