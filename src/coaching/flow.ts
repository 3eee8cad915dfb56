/**
 * The shape every flow shares. A flow reads like the conversation it holds: `start` asks the first question,
 * `handle` takes an answer and returns the next frame, the replies and the effects. Flows read through the context
 * and never write: writing is what effects are for.
 */
import type { DialogFrame } from '../core/dialog.js';
import type { Decision, TurnInfo } from '../core/engine.js';
import type { ChannelIdentity } from '../core/events.js';
import type { Button, Reply } from '../core/reply.js';
import type { Translate } from '../i18n/index.js';
import type { Effect } from './effects.js';
import type { Locale, Person } from './model.js';
import type { AgreementReader, Directory, PeopleReader, SessionReader, TrajectoryReader } from './ports.js';
import type { PersonalDataReader } from './privacy/personal-data.model.js';

export interface CoachingSettings {
  readonly defaultTimeZone: string;
  readonly defaultLocale: Locale;
  readonly workStart: string;
  readonly workEnd: string;
}

export interface FlowContext {
  readonly person: Person;
  readonly locale: Locale;
  readonly t: Translate;
  readonly turn: TurnInfo;
  readonly now: Date;
  /** Read-only on purpose: a decision never writes; what it changes travels as effects, applied after commit. */
  readonly people: PeopleReader;
  readonly trajectories: TrajectoryReader;
  readonly sessions: SessionReader;
  readonly agreements: AgreementReader;
  /** The sender's channel identity (absent when the scheduler resumes), for resolving mentions and e-mails. */
  readonly from?: ChannelIdentity;
  readonly directory?: Directory;
  readonly settings: CoachingSettings;
  /** What is held about the person, for `my data` (read-only, like the repositories above). */
  readonly personalData?: PersonalDataReader;
}

export type FlowInput =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'action';
      readonly action: string;
      readonly args: readonly string[];
      readonly values?: Readonly<Record<string, string>>;
    };

export type Decided = Decision<Effect>;

export interface Flow {
  readonly name: string;
  start(ctx: FlowContext, args: Readonly<Record<string, unknown>>): Promise<Decided>;
  handle(ctx: FlowContext, frame: DialogFrame, input: FlowInput): Promise<Decided>;
}

export const idle = (values: Record<string, unknown> = {}): DialogFrame => ({
  flow: null,
  step: null,
  values,
  attempts: 0,
});

export const decided = (frame: DialogFrame, replies: readonly Reply[], effects: readonly Effect[] = []): Decided => ({
  frame,
  replies,
  effects,
});

/**
 * A step-bound button: its value carries the flow, step and stamp it was made for, so a press from an old message
 * is recognised (and answered kindly) instead of being applied to whatever step the person is on now.
 */
export function stepButton(
  frame: DialogFrame,
  action: string,
  label: string,
  arg?: string,
  style?: Button['style'],
): Button {
  const stamp = String(frame.values.stamp ?? 0);
  return {
    action: `step:${action}`,
    label,
    value: [frame.flow ?? '', frame.step ?? '', stamp, arg ?? ''].join('|'),
    ...(style ? { style } : {}),
  };
}

/** A button bound to an entity rather than a step (an agreement, a session): always valid while the entity allows. */
export function entityButton(action: string, label: string, args: readonly string[], style?: Button['style']): Button {
  return { action, label, value: args.join('|'), ...(style ? { style } : {}) };
}
