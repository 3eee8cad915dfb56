/**
 * What a channel adapter gets and gives. Adapters only translate transport: inbound payloads become engine events,
 * engine replies become the platform's format. No coaching decision is made in src/channels/.
 */
import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Clock } from '../core/clock.js';
import type { TurnReceiver } from '../core/engine.js';
import type { Channel, ChannelIdentity, ProfileHints } from '../core/events.js';
import type { Inbox } from '../core/inbox.js';
import type { Logger } from '../core/logger.js';
import type { Messenger } from '../core/messenger.js';
import type { Reply } from '../core/reply.js';
import type { Directory, FindOrCreatePerson, PeopleRepo } from '../coaching/ports.js';
import type { FormStore, InstallationRecords } from './slack/ports.js';
import type { OfferedFiles } from './teams/ports.js';
import type { WebMessageStore } from './web/ports.js';

/**
 * The few person operations adapters need: look someone up (a directory, a stored address), remember where to reach
 * them (Teams conversation references), the web chat's language toggle, and the one find-or-create.
 */
export interface ChannelPeople extends Pick<PeopleRepo, 'findByIdentity' | 'findByEmail' | 'update' | 'setAddress'> {
  readonly findOrCreate: FindOrCreatePerson;
}

/** Channel-owned collections, each behind the port its adapter defines. */
export interface ChannelStores {
  readonly webMessages: WebMessageStore;
  readonly slackForms: FormStore;
  readonly slackInstallations: InstallationRecords;
  readonly teamsFiles: OfferedFiles;
}

export interface ChannelContext {
  readonly config: Readonly<Config>;
  /** The shared HTTP server's router: mount `/slack/events`, `/api/messages`, `/` here. */
  readonly router: Router;
  /** `replay`: give back the saved answer of an event whose turn already committed (inbox re-processing). */
  readonly engine: TurnReceiver;
  /** Inbound events stored before the platform is acknowledged (Slack). */
  readonly inbox: Inbox;
  /** The dashboard (App Home, Teams welcome) of whoever is behind an identity; a first contact is created with their profile. */
  readonly dashboard: (identity: ChannelIdentity, profile?: ProfileHints) => Promise<Reply>;
  readonly people: ChannelPeople;
  readonly stores: ChannelStores;
  readonly clock: Clock;
  readonly logger: Logger;
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
