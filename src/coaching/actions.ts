/**
 * Buttons bound to an entity (a trajectory, a session, an agreement) rather than to a step: they stay valid for as
 * long as the entity allows, so a button in an old nudge still works, or says kindly why it no longer applies.
 * Every handler checks that the presser takes part in the trajectory; to anyone else the entity does not exist.
 */
import { agreementActions } from './actions/agreement.actions.js';
import { sessionActions } from './actions/session.actions.js';
import { trajectoryActions } from './actions/trajectory.actions.js';
import type { ActionHandler } from './decider.js';

export { noteFlow } from './actions/note.flow.js';
export { digestFor, resumePoint } from './actions/session.actions.js';

export const actionHandlers: Record<string, ActionHandler> = {
  ...trajectoryActions,
  ...sessionActions,
  ...agreementActions,
};
