/** Assembles the coaching domain: flows, commands, entity actions, resume handlers, the effect applier. */
import type { Clock } from '../core/clock.js';
import type { Channel } from '../core/events.js';
import type { Reply } from '../core/reply.js';
import { translator } from '../i18n/index.js';
import { CoachingEffectApplier } from './applier.js';
import { CoachingDecider, type CommandHandler } from './decider.js';
import { decided, idle, type CoachingSettings } from './flow.js';
import type { AgreementRepo, Directory, Lifecycle, Outbox, PeopleRepo, SessionRepo, TrajectoryRepo } from './ports.js';
import { helpReply } from './help.js';

export interface CoachingDeps {
  readonly people: PeopleRepo;
  readonly trajectories: TrajectoryRepo;
  readonly sessions: SessionRepo;
  readonly agreements: AgreementRepo;
  readonly outbox: Outbox;
  readonly lifecycle: Lifecycle;
  readonly clock: Clock;
  readonly settings: CoachingSettings;
  readonly directories: Partial<Record<Channel, Directory>>;
}

export function createCoaching(deps: CoachingDeps) {
  const help: CommandHandler = async (ctx, state) => decided(state, [helpReply(ctx.t)]);
  const cancel: CommandHandler = async (ctx, state) => decided(idle(), [{ text: ctx.t(state.flow ? 'cancel.done' : 'cancel.nothing') }]);
  const decider = new CoachingDecider({
    ...deps,
    flows: [],
    commands: { help, cancel },
    actions: {},
    resumers: {},
  });
  const applier = new CoachingEffectApplier(deps);
  const dashboard = async (personId: string): Promise<Reply> => {
    const person = await deps.people.get(personId);
    return helpReply(translator(person?.locale ?? deps.settings.defaultLocale));
  };
  return { decider, applier, dashboard };
}
