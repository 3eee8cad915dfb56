/**
 * A person's data rights: everything held about them (for an export), and their removal. Removal destroys the data
 * keys first (the person's and each trajectory's they took part in), so any copy of their texts, backups included,
 * is unreadable; then it removes every document that names them: the person, their dialog, each trajectory with its
 * sessions and agreements (see docs/decisions/encryption-data-keys.md on shared agreements), planned and delivered
 * messages about them, their daily send counts and their web chat transcript.
 */
import type { Connection } from 'mongoose';
import type { Person, Role } from '../coaching/model.js';
import type {
  ErasureReport,
  HeldTrajectory,
  PersonalData,
  PersonalRecord,
} from '../coaching/privacy/personal-data.model.js';
import type { AgreementRepo, PeopleRepo, SessionRepo, TrajectoryRepo } from '../coaching/ports.js';
import { personScope, trajectoryScope, type FieldCipher } from '../security/field-cipher.js';
import type { Models } from './schemas.js';
import { webTranscriptScope } from '../core/sealer.js';
import { teamsFileScope } from './teams-files.repo.js';

export interface PersonalDataDeps {
  readonly connection: Connection;
  readonly models: Models;
  readonly cipher: FieldCipher;
  readonly people: PeopleRepo;
  readonly trajectories: TrajectoryRepo;
  readonly sessions: SessionRepo;
  readonly agreements: AgreementRepo;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class MongoPersonalData implements PersonalData {
  constructor(private readonly deps: PersonalDataDeps) {}

  async collect(personId: string): Promise<PersonalRecord | null> {
    const person = await this.deps.people.get(personId);
    if (!person) return null;
    const trajectories: HeldTrajectory[] = [];
    for (const trajectory of await this.deps.trajectories.listForPerson(personId)) {
      const role: Role = trajectory.employeeId === personId ? 'employee' : 'coach';
      const otherId = role === 'employee' ? trajectory.coachId : trajectory.employeeId;
      const other = otherId ? await this.deps.people.get(otherId) : null;
      trajectories.push({
        trajectory,
        role,
        ...(other ? { otherName: other.displayName } : {}),
        sessions: await this.deps.sessions.listForTrajectory(trajectory.id),
        agreements: await this.deps.agreements.listForTrajectory(trajectory.id),
      });
    }
    const planned = await this.deps.models.outbox.find({ recipientId: personId }, { kind: 1, dueAt: 1 }).lean();
    const delivered = await this.deps.models.delivery
      .find({ recipientId: personId }, { kind: 1, deliveredAt: 1, outcome: 1 })
      .sort({ deliveredAt: -1 })
      .lean();
    return {
      person,
      trajectories,
      planned: planned.map((m) => ({ kind: String(m.kind), at: m.dueAt as Date, outcome: 'planned' })),
      delivered: delivered.map((m) => ({
        kind: String(m.kind),
        at: m.deliveredAt as Date,
        outcome: String(m.outcome),
      })),
      webChat: await this.webMessages().countDocuments({ userId: { $in: webUserIds(person) } }),
    };
  }

  /** Removes the person and everything that names them. Idempotent: erasing twice removes nothing more. */
  async erase(personId: string): Promise<ErasureReport> {
    const person = await this.deps.people.get(personId);
    const trajectories = await this.deps.models.trajectory
      .find({ $or: [{ employeeId: personId }, { coachId: personId }] }, { employeeId: 1, coachId: 1, createdAt: 1 })
      .lean();
    const trajectoryIds = trajectories.map((t) => String(t._id));
    // Keys first: from here on nothing of theirs can be read, even if a later step is interrupted.
    const webScopes = person ? webUserIds(person).map(webTranscriptScope) : [];
    const teams = person ? teamsOwners(person) : [];
    const keys = await this.deps.cipher.destroy([personScope(personId), ...webScopes, ...teams.map(teamsFileScope)]);
    const removed = await this.removeTrajectories(trajectoryIds, [
      { recipientId: personId },
      // Keys made from their turns (`<personId>:<revision>:…`, also behind a prefix such as `calendar:`).
      { _id: { $regex: escapeRegex(personId) } },
      { 'payload.byId': personId },
    ]);
    const counts = await Promise.all([
      this.deps.models.dialog.deleteMany({ _id: personId }),
      this.deps.models.sendQuota.deleteMany({ _id: { $regex: `^${escapeRegex(personId)}:` } }),
      person ? this.webMessages().deleteMany({ userId: { $in: webUserIds(person) } }) : { deletedCount: 0 },
      teams.length > 0 ? this.collection('teams_files').deleteMany({ $or: teams }) : { deletedCount: 0 },
      this.deps.models.person.deleteMany({ _id: personId }),
    ]);
    const others = trajectories.flatMap((t) => {
      const otherId = t.employeeId === personId ? t.coachId : t.employeeId;
      if (typeof otherId !== 'string' || otherId === personId) return [];
      const role: Role = t.employeeId === personId ? 'coach' : 'employee';
      return [{ personId: otherId, role, startedAt: t.createdAt as Date }];
    });
    return {
      others,
      trajectories: trajectoryIds.length,
      documents: removed.documents + counts.reduce((sum, c) => sum + c.deletedCount, 0),
      keys: keys + removed.keys,
    };
  }

  /**
   * Removes trajectories with everything under them: their data keys first, then sessions, agreements, and the
   * planned and delivered messages about them (plus those matching `alsoAbout`). Used by erasure and by retention.
   */
  async removeTrajectories(
    trajectoryIds: readonly string[],
    alsoAbout: readonly Record<string, unknown>[] = [],
  ): Promise<{ documents: number; keys: number }> {
    const ids = [...trajectoryIds];
    const keys = await this.deps.cipher.destroy(ids.map(trajectoryScope));
    const idsOf = async (model: Models['session'] | Models['agreement']) =>
      (await model.find({ trajectoryId: { $in: ids } }, { _id: 1 }).lean()).map((d) => String(d._id));
    const sessionIds = await idsOf(this.deps.models.session);
    const about = {
      $or: [
        ...alsoAbout,
        { 'payload.trajectoryId': { $in: ids } },
        { 'payload.sessionId': { $in: sessionIds } },
        { 'payload.agreementId': { $in: await idsOf(this.deps.models.agreement) } },
      ],
    };
    const counts = await Promise.all([
      this.deps.models.outbox.deleteMany(about),
      this.deps.models.delivery.deleteMany(about),
      this.deps.models.agreement.deleteMany({ trajectoryId: { $in: ids } }),
      this.deps.models.session.deleteMany({ trajectoryId: { $in: ids } }),
      this.deps.models.trajectory.deleteMany({ _id: { $in: ids } }),
      this.collection('calendarEvents').deleteMany({ _id: { $in: sessionIds } }),
    ]);
    return { documents: counts.reduce((sum, c) => sum + c.deletedCount, 0), keys };
  }

  /** The web chat's transcript lives in its own collection (see channels/web); reached by name, not by its model. */
  private webMessages() {
    return this.collection('web_messages');
  }

  /** Collections other modules own (web chat transcript, calendar versions), reached by name. */
  private collection(name: string) {
    return this.deps.connection.getClient().db(this.deps.connection.name).collection<{ _id: string }>(name);
  }
}

/** The person's Teams identities as the owners of files offered to them (teams-files.repo.ts). */
const teamsOwners = (person: Person): { tenantId: string; userId: string }[] =>
  person.identities.filter((i) => i.channel === 'teams').map((i) => ({ tenantId: i.tenantId, userId: i.userId }));

const webUserIds = (person: Person): string[] =>
  person.identities.filter((i) => i.channel === 'web').map((i) => i.userId);
