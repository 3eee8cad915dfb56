/** Assembles the coaching domain: flows, commands, entity actions, resume handlers, the effect applier. */
import type { Channel } from '../core/events.js';
import type { Reply } from '../core/reply.js';
import { translator } from '../i18n/index.js';
import { actionHandlers, noteFlow } from './actions.js';
import { CoachingEffectApplier, type ApplierDeps } from './applier.js';
import { commandHandlers } from './command-handlers.js';
import { CoachingDecider } from './decider.js';
import { feasibleAction } from './listen/feasibility.answer.js';
import { endingLists } from './listen/list.end.js';
import { progressAction } from './listen/reply.answer.js';
import type { CoachingSettings, Flow, FlowContext } from './flow.js';
import { afterFlow } from './flows/after.flow.js';
import { callOffFlow } from './flows/call-off.flow.js';
import { agreementFlow } from './flows/agreement.flow.js';
import { prepareFlow } from './flows/prepare.flow.js';
import { sessionFlow } from './flows/session.flow.js';
import { settingsFlow } from './flows/settings.flow.js';
import { setupFlow } from './flows/setup.flow.js';
import { resumeHandlers } from './notices/index.js';
import { privacyActions, privacyCommands } from './privacy/privacy.handlers.js';
import type { Directory } from './ports.js';
import { dashboardView } from './dashboard.view.js';

export interface CoachingDeps extends ApplierDeps {
  readonly settings: CoachingSettings;
  readonly directories: Partial<Record<Channel, Directory>>;
}

export const flows: readonly Flow[] = [
  setupFlow,
  prepareFlow,
  endingLists(agreementFlow, afterFlow), // "no, that's all" at "How feasible is this?" ends the wrap-up's list
  afterFlow,
  sessionFlow,
  callOffFlow,
  settingsFlow,
  noteFlow,
];

export function createCoaching(deps: CoachingDeps) {
  const flowMap = new Map(flows.map((f) => [f.name, f]));
  const decider = new CoachingDecider({
    ...deps,
    flows,
    commands: { ...commandHandlers(flowMap), ...privacyCommands },
    actions: {
      ...actionHandlers,
      ...privacyActions,
      'agreement.progress': progressAction,
      'agreement.feasible': feasibleAction,
    },
    resumers: resumeHandlers,
  });
  const applier = new CoachingEffectApplier(deps);
  /** The dashboard is a read: it runs outside a turn, with a context that can only read. */
  const dashboard = async (personId: string): Promise<Reply> => {
    const person = await deps.people.get(personId);
    if (!person) return { text: translator(deps.settings.defaultLocale)('notFound') };
    const now = deps.clock.now();
    const ctx: FlowContext = {
      person,
      locale: person.locale,
      t: translator(person.locale),
      turn: { personId, revision: 0, now, newId: (label) => `${personId}:view:${label}` },
      now,
      people: deps.people,
      trajectories: deps.trajectories,
      sessions: deps.sessions,
      agreements: deps.agreements,
      settings: deps.settings,
    };
    return dashboardView(ctx);
  };
  return { decider, applier, dashboard };
}
