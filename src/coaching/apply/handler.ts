/**
 * What every effect handler gets: the effect's id (its idempotency key), the time it is applied, the repositories,
 * and one shared step to tell the other person what happened.
 */
import type { Clock } from '../../core/clock.js';
import type { Effect } from '../effects.js';
import type { Notice } from '../notices/catalogue.js';
import type { NoticeOutbox } from '../notices/outbox.js';
import type { AgreementRepo, Lifecycle, PeopleRepo, SessionRepo, TrajectoryRepo } from '../ports.js';
import { otherId } from '../queries.js';
import type { PersonalData } from '../privacy/personal-data.model.js';

export interface ApplierDeps {
  readonly people: PeopleRepo;
  readonly trajectories: TrajectoryRepo;
  readonly sessions: SessionRepo;
  readonly agreements: AgreementRepo;
  readonly outbox: NoticeOutbox;
  readonly lifecycle: Lifecycle;
  readonly clock: Clock;
  /** Export and erasure of a person's data (absent in tests that do not need it). */
  readonly personalData?: PersonalData;
}

export type EffectType = Effect['type'];
export type EffectOf<K extends EffectType> = Extract<Effect, { readonly type: K }>;

export interface Applying {
  /** The effect id: `${personId}:${revision}:${index}`, stable when the effect is applied again. */
  readonly id: string;
  readonly now: Date;
  readonly repos: ApplierDeps;
}

export type Handler<K extends EffectType> = (effect: EffectOf<K>, at: Applying) => Promise<void>;
export type HandlerTable = { readonly [K in EffectType]: Handler<K> };

/** A notice from the catalogue (its kind and that kind's payload), told to the other person. */
export type Tidings = Notice & {
  /** Appended to the effect id to make the outbox key, so telling twice plans one message. */
  readonly key: string;
  /** Deliver at once (default): a direct answer to something the other person just did. */
  readonly urgent?: boolean;
};

/** The shared "tell the other person" step: one outbox item, keyed by the effect, nothing when there is nobody. */
export async function tell(at: Applying, recipientId: string | undefined, tidings: Tidings): Promise<void> {
  if (!recipientId) return;
  await at.repos.outbox.plan({
    ...tidings,
    key: `${at.id}:${tidings.key}`,
    recipientId,
    dueAt: at.now,
    urgent: tidings.urgent ?? true,
  });
}

/** The other person in a trajectory than `byId` (the coach may not be known yet). */
export async function otherInTrajectory(at: Applying, trajectoryId: string, byId: string): Promise<string | undefined> {
  const trajectory = await at.repos.trajectories.get(trajectoryId);
  return trajectory ? otherId(trajectory, byId) : undefined;
}
