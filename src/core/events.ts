/** What reaches the engine: a channel's inbound event, or the scheduler resuming a person's conversation. */
export type Channel = 'slack' | 'teams' | 'web';

/** One person's identity on one channel. A DM conversation is per user, so this is also the conversation key. */
export interface ChannelIdentity {
  readonly channel: Channel;
  /** Slack team id, Teams tenant id, or 'local' for the web chat. */
  readonly tenantId: string;
  readonly userId: string;
}

/** What a channel knows about the sender; used to create or refresh the person. */
export interface ProfileHints {
  readonly displayName?: string;
  readonly email?: string;
  readonly locale?: string;
  readonly timeZone?: string;
}

export type InboundBody =
  | { readonly type: 'text'; readonly text: string }
  /** A button press or a form submit. `values` holds a form's inputs by input id. */
  | {
      readonly type: 'action';
      readonly action: string;
      readonly value?: string;
      readonly values?: Readonly<Record<string, string>>;
    }
  /** A slash command (`/coach agenda`) or a command chosen from a channel's command menu. */
  | { readonly type: 'command'; readonly name: string; readonly args: string };

export interface InboundEvent {
  /** The platform's event id, when it has one: a retry of the same id is processed once. */
  readonly eventId?: string;
  readonly from: ChannelIdentity;
  readonly profile?: ProfileHints;
  readonly body: InboundBody;
}

/** The scheduler waking a flow (preparation invitation, digest, nudge…), delivered like a message. */
export interface ResumeEvent {
  readonly type: 'resume';
  readonly kind: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** The outbox item's key, so a redelivered resume is recognisable. */
  readonly key: string;
}
