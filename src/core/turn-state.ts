/** What a committed turn leaves behind, and the engine's small helpers (engine.ts). */
import type { DialogFrame, DialogState, PendingEffect } from './dialog.js';
import { ANSWERED_KEPT, DIALOG_SCHEMA_VERSION } from './dialog.js';
import type { Reply } from './reply.js';

/** The state a decision commits: its frame, its effects pending, and its replies kept under the event's key. */
export function nextState<E>(
  state: DialogState<E>,
  decision: { readonly frame: DialogFrame; readonly replies: readonly Reply[] },
  pending: PendingEffect<E>[],
  eventKey: string | undefined,
): DialogState<E> {
  const { flow, step, values, attempts } = decision.frame;
  return {
    personId: state.personId,
    schemaVersion: DIALOG_SCHEMA_VERSION,
    revision: state.revision + 1,
    flow,
    step,
    values,
    attempts,
    pending,
    answered: eventKey
      ? [...(state.answered ?? []), { event: eventKey, replies: decision.replies }].slice(-ANSWERED_KEPT)
      : (state.answered ?? []),
  };
}

export const sameFrame = (a: DialogFrame, b: DialogFrame): boolean =>
  a.flow === b.flow &&
  a.step === b.step &&
  a.attempts === b.attempts &&
  (a.values === b.values || JSON.stringify(a.values) === JSON.stringify(b.values));

export const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * Math.min(50, attempt * 5)));
