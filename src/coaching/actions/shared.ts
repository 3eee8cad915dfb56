/** What every entity action shares: the kind "not found", and keeping the flow in progress while saying something. */
import type { DialogState } from '../../core/dialog.js';
import type { Effect } from '../effects.js';
import { decided, type Decided, type FlowContext } from '../flow.js';

export const notFound = (ctx: FlowContext, state: DialogState<Effect>): Decided =>
  decided(state, [{ text: ctx.t('notFound') }]);

/** Keeps the current flow when an entity action only says something (so a half-answered question stays open). */
export const keep = (state: DialogState<Effect>, ctx: FlowContext, text: string, effects: Effect[] = []): Decided =>
  decided(state, [{ text }], effects);
