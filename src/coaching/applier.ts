/**
 * Applies committed effects, one small handler per effect kind. Each handler is idempotent under the effect id:
 * created entities take ids decided in the turn, changes are conditional on state and on their history entry id,
 * messages to the other person use the effect id in their outbox key.
 */
import type { PendingEffect } from '../core/dialog.js';
import type { EffectApplier } from '../core/engine.js';
import { changeAgreement, createAgreement, updatePerson } from './apply/agreement.handlers.js';
import type { ApplierDeps, EffectOf, EffectType, HandlerTable } from './apply/handler.js';
import {
  cancelSession,
  markHeld,
  noteSession,
  planNext,
  reschedule,
  saveEvaluation,
  skipEvaluation,
  savePreparation,
} from './apply/session.handlers.js';
import { createTrajectory, endTrajectory, joinTrajectory, respondToTrajectory } from './apply/trajectory.handlers.js';
import type { Effect } from './effects.js';
import { erasePerson } from './privacy/privacy.handlers.js';

export type { ApplierDeps } from './apply/handler.js';
export { newSession, sessionId } from './apply/trajectory.handlers.js';

export const effectHandlers: HandlerTable = {
  'person.update': updatePerson,
  'trajectory.create': createTrajectory,
  'trajectory.respond': respondToTrajectory,
  'trajectory.join': joinTrajectory,
  'trajectory.end': endTrajectory,
  'person.erase': erasePerson,
  'preparation.save': savePreparation,
  'session.held': markHeld,
  'session.reschedule': reschedule,
  'session.cancel': cancelSession,
  'session.note': noteSession,
  'session.next': planNext,
  'evaluation.save': saveEvaluation,
  'evaluation.skip': skipEvaluation,
  'agreement.create': createAgreement,
  'agreement.change': changeAgreement,
};

export class CoachingEffectApplier implements EffectApplier<Effect> {
  constructor(private readonly repos: ApplierDeps) {}

  async apply(_personId: string, effects: readonly PendingEffect<Effect>[]): Promise<void> {
    for (const { id, effect } of effects) {
      await applyOne(effect.type, effect, { id, now: this.repos.clock.now(), repos: this.repos });
    }
  }
}

function applyOne<K extends EffectType>(type: K, effect: EffectOf<K>, at: Parameters<HandlerTable[K]>[1]) {
  return effectHandlers[type](effect, at);
}
