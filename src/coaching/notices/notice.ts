/**
 * What every notice family shares: how a family declares its kinds (a zod payload schema per kind), how a renderer is
 * typed (it receives its own kind's parsed payload), and the planning helpers the rules use.
 *
 * A family file puts, per kind, the payload schema, the planning rule (or says who plans it) and the renderer side by
 * side; `catalogue.ts` joins the families into one discriminated union.
 */
import type { z } from 'zod';
import type { DialogState } from '../../core/dialog.js';
import type { Reply } from '../../core/reply.js';
import { nextAllowedMoment, type DeliveryPrefs } from '../../core/delivery-window.js';
import { parseHhmm, safeZone, zonedTimeToUtc } from '../../core/local-time.js';
import type { Effect } from '../effects.js';
import type { AskedQuestion } from '../listen/reply.routing.js';
import { decided, type Decided, type FlowContext } from '../flow.js';

/** A family's kinds, each with the schema its payload is parsed with at delivery. */
export type PayloadSchemas = Readonly<Record<string, z.ZodType<Readonly<Record<string, unknown>>>>>;

/** One kind of a family with its payload, as the outbox carries it. */
export type NoticeOf<S extends PayloadSchemas> = {
  [K in keyof S & string]: { readonly kind: K; readonly payload: z.infer<S[K]> };
}[keyof S & string];

/** When and to whom a notice goes: the outbox key is unique, so planning twice inserts once. */
export interface Addressing {
  readonly key: string;
  readonly recipientId: string;
  readonly dueAt: Date;
  /** Deliver at once, ignoring working hours (a direct answer to something the other person just did). */
  readonly urgent?: boolean;
}

export type PlannedOf<S extends PayloadSchemas> = NoticeOf<S> & Addressing;

/**
 * Renders a notice from fresh data at delivery time; may start a flow, may decide nothing needs saying. `asked`: the
 * questions earlier messages asked that are still open, each with when it was asked.
 */
export type NoticeRenderer<P> = (
  ctx: FlowContext,
  state: DialogState<Effect>,
  payload: P,
  key: string,
  asked: readonly AskedQuestion[],
) => Promise<Decided>;

/** One renderer per kind of a family, each taking its own kind's payload: a missing one is a type error. */
export type Renderers<S extends PayloadSchemas> = { readonly [K in keyof S & string]: NoticeRenderer<z.infer<S[K]>> };

export const say = (state: DialogState<Effect>, replies: readonly Reply[]): Decided => decided(state, replies);
export const quiet = (state: DialogState<Effect>): Decided => decided(state, []);

/** A person as the planning rules need them: id plus delivery preferences. */
export interface Recipient extends DeliveryPrefs {
  readonly id: string;
}

/** `HH:MM` on a local date in the recipient's zone, moved to their next allowed moment. */
export function localMoment(recipient: Recipient, date: string, hhmm: string, urgent = false): Date {
  const zone = safeZone(recipient.timeZone);
  return nextAllowedMoment(recipient, zonedTimeToUtc(date, parseHhmm(hhmm), zone), urgent);
}

export const later = (a: Date, b: Date): Date => (a.getTime() >= b.getTime() ? a : b);

export type SessionPart = 'prep' | 'digest' | 'final' | 'followup' | 'next';

/** Key prefixes end in `/`, so `session/t#1/` never matches `session/t#10/`. */
export const sessionPrefix = (sessionId: string, part?: SessionPart): string =>
  `session/${sessionId}/${part ? `${part}/` : ''}`;
export const agreementPrefix = (agreementId: string): string => `agreement/${agreementId}/`;
