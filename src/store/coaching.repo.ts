/** Trajectories, sessions and agreements. Every change that can race is one conditional single-document update. */
import { isDuplicateKey } from './mongo.errors.js';
import {
  agreementSchema,
  sessionSchema,
  trajectorySchema,
  type Agreement,
  type AgreementStatus,
  type Evaluation,
  type HistoryEntry,
  type Preparation,
  type Role,
  type Session,
  type SessionNote,
  type SessionStatus,
  type Trajectory,
} from '../coaching/model.js';
import type { AgreementRepo, SessionRepo, TrajectoryRepo } from '../coaching/ports.js';
import type { Models } from './schemas.js';
import { fromDoc, fromDocOrNull, toDoc } from './read.js';
import type { SealedFields } from './sealed-fields.js';

const after = { returnDocument: 'after' } as const;

type Lean = Record<string, unknown> | null;

/** Which trajectory a session or agreement belongs to (never changes, so it is cached), for its data key. */
class TrajectoryOf {
  private readonly known = new Map<string, string>();
  constructor(private readonly model: Models[keyof Models]) {}
  async get(id: string): Promise<string | null> {
    const cached = this.known.get(id);
    if (cached) return cached;
    const doc = await this.model.findById(id, { trajectoryId: 1 }).lean();
    if (!doc || typeof doc.trajectoryId !== 'string') return null;
    if (this.known.size > 10_000) this.known.clear();
    this.known.set(id, doc.trajectoryId);
    return doc.trajectoryId;
  }
}

async function insertOnce(model: Models[keyof Models], doc: Record<string, unknown>): Promise<void> {
  try {
    await model.create(doc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

export class MongoTrajectoryRepo implements TrajectoryRepo {
  constructor(
    private readonly models: Models,
    private readonly sealed: SealedFields,
  ) {}
  private async read(doc: Lean): Promise<Trajectory | null> {
    return fromDocOrNull(trajectorySchema, await this.sealed.openTrajectory(doc), 'trajectory');
  }
  async insert(t: Trajectory): Promise<void> {
    return insertOnce(this.models.trajectory, await this.sealed.sealTrajectory(t.id, toDoc(t)));
  }
  async get(id: string): Promise<Trajectory | null> {
    return this.read(await this.models.trajectory.findById(id).lean());
  }
  async getMany(ids: readonly string[]): Promise<Trajectory[]> {
    if (ids.length === 0) return [];
    const docs = await this.models.trajectory.find({ _id: { $in: [...ids] } }).lean();
    return Promise.all(
      docs.map(async (d) => fromDoc(trajectorySchema, await this.sealed.openTrajectory(d), 'trajectory')),
    );
  }
  async findByInviteCode(code: string): Promise<Trajectory | null> {
    return this.read(await this.models.trajectory.findOne({ inviteCode: code.trim().toUpperCase() }).lean());
  }
  async listForPerson(personId: string): Promise<Trajectory[]> {
    const docs = await this.models.trajectory
      .find({ $or: [{ employeeId: personId }, { coachId: personId }] })
      .sort({ createdAt: -1 })
      .lean();
    return Promise.all(
      docs.map(async (d) => fromDoc(trajectorySchema, await this.sealed.openTrajectory(d), 'trajectory')),
    );
  }
  async transition(id: string, from: Trajectory['status'], set: Partial<Trajectory>): Promise<Trajectory | null> {
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    for (const [k, v] of Object.entries(await this.sealed.sealTrajectory(id, set))) {
      if (v === undefined) $unset[k] = '';
      else $set[k] = v;
    }
    const doc = await this.models.trajectory
      .findOneAndUpdate(
        { _id: id, status: from },
        { $set, ...(Object.keys($unset).length ? { $unset } : {}), $inc: { revision: 1 } },
        after,
      )
      .lean();
    return this.read(doc);
  }
}

export class MongoSessionRepo implements SessionRepo {
  private readonly trajectoryOf: TrajectoryOf;
  constructor(
    private readonly models: Models,
    private readonly sealed: SealedFields,
  ) {
    this.trajectoryOf = new TrajectoryOf(models.session);
  }
  private async read(doc: Lean): Promise<Session | null> {
    return fromDocOrNull(sessionSchema, await this.sealed.openSession(doc), 'session');
  }
  private async readAll(docs: Record<string, unknown>[]): Promise<Session[]> {
    return Promise.all(docs.map(async (d) => fromDoc(sessionSchema, await this.sealed.openSession(d), 'session')));
  }
  async insert(s: Session): Promise<void> {
    return insertOnce(this.models.session, await this.sealed.sealSession(toDoc(s)));
  }
  async get(id: string): Promise<Session | null> {
    return this.read(await this.models.session.findById(id).lean());
  }
  async listForTrajectory(trajectoryId: string): Promise<Session[]> {
    return this.readAll(await this.models.session.find({ trajectoryId }).sort({ number: 1 }).lean());
  }
  async savePreparation(
    id: string,
    expectedRevision: number,
    preparation: Preparation,
    status: SessionStatus,
  ): Promise<Session | null> {
    const trajectoryId = await this.trajectoryOf.get(id);
    if (!trajectoryId) return null;
    const sealed = await this.sealed.sealPreparation(trajectoryId, preparation);
    const doc = await this.models.session
      .findOneAndUpdate(
        { _id: id, revision: expectedRevision, status: { $in: ['scheduled', 'preparing', 'prepared'] } },
        { $set: { preparation: sealed, status }, $inc: { revision: 1 } },
        after,
      )
      .lean();
    return this.read(doc);
  }
  async transition(
    id: string,
    from: readonly SessionStatus[],
    to: SessionStatus,
    set: Partial<Session> = {},
  ): Promise<Session | null> {
    const doc = await this.models.session
      .findOneAndUpdate(
        { _id: id, status: { $in: [...from] } },
        { $set: { ...set, status: to }, $inc: { revision: 1 } },
        after,
      )
      .lean();
    return this.read(doc);
  }
  async setEvaluation(id: string, role: Role, evaluation: Evaluation): Promise<Session | null> {
    const trajectoryId = await this.trajectoryOf.get(id);
    if (!trajectoryId) return null;
    const sealed = await this.sealed.sealEvaluation(trajectoryId, evaluation);
    const doc = await this.models.session
      .findOneAndUpdate(
        { _id: id, [`evaluations.${role}`]: { $exists: false } },
        { $set: { [`evaluations.${role}`]: sealed }, $inc: { revision: 1 } },
        after,
      )
      .lean();
    return this.read(doc);
  }
  async skipEvaluation(id: string, role: Role, at: Date): Promise<Session | null> {
    const doc = await this.models.session
      .findOneAndUpdate(
        { _id: id, [`evaluations.${role}`]: { $exists: false }, [`evaluationSkipped.${role}`]: { $exists: false } },
        { $set: { [`evaluationSkipped.${role}`]: at }, $inc: { revision: 1 } },
        after,
      )
      .lean();
    return this.read(doc);
  }
  async addNote(id: string, note: SessionNote): Promise<Session | null> {
    const trajectoryId = await this.trajectoryOf.get(id);
    if (!trajectoryId) return null;
    const sealed = await this.sealed.sealNote(trajectoryId, { ...note });
    const doc = await this.models.session
      .findOneAndUpdate(
        { _id: id, 'notes.id': { $ne: note.id } },
        { $push: { notes: sealed }, $inc: { revision: 1 } },
        after,
      )
      .lean();
    return doc ? this.read(doc) : this.get(id);
  }
  async listStartingBetween(from: Date, to: Date): Promise<Session[]> {
    const docs = await this.models.session
      .find({ startsAt: { $gte: from, $lt: to }, status: { $ne: 'cancelled' } })
      .sort({ startsAt: 1 })
      .lean();
    return this.readAll(docs);
  }
}

export class MongoAgreementRepo implements AgreementRepo {
  private readonly trajectoryOf: TrajectoryOf;
  constructor(
    private readonly models: Models,
    private readonly sealed: SealedFields,
  ) {
    this.trajectoryOf = new TrajectoryOf(models.agreement);
  }
  private async read(doc: Lean): Promise<Agreement | null> {
    return fromDocOrNull(agreementSchema, await this.sealed.openAgreement(doc), 'agreement');
  }
  async insert(a: Agreement): Promise<void> {
    return insertOnce(this.models.agreement, await this.sealed.sealAgreement(a.trajectoryId, toDoc(a)));
  }
  async get(id: string): Promise<Agreement | null> {
    return this.read(await this.models.agreement.findById(id).lean());
  }
  async getMany(ids: readonly string[]): Promise<Agreement[]> {
    if (ids.length === 0) return [];
    const docs = await this.models.agreement.find({ _id: { $in: [...ids] } }).lean();
    return Promise.all(
      docs.map(async (d) => fromDoc(agreementSchema, await this.sealed.openAgreement(d), 'agreement')),
    );
  }
  async listForTrajectory(trajectoryId: string, statuses?: readonly AgreementStatus[]): Promise<Agreement[]> {
    const filter: Record<string, unknown> = { trajectoryId };
    if (statuses) filter.status = { $in: [...statuses] };
    const docs = await this.models.agreement.find(filter).sort({ due: 1, createdAt: 1 }).lean();
    return Promise.all(
      docs.map(async (d) => fromDoc(agreementSchema, await this.sealed.openAgreement(d), 'agreement')),
    );
  }
  async change(
    id: string,
    from: readonly AgreementStatus[],
    set: Partial<Agreement>,
    entry: HistoryEntry,
  ): Promise<Agreement | null> {
    const trajectoryId = await this.trajectoryOf.get(id);
    if (!trajectoryId) return null;
    const doc = await this.models.agreement
      .findOneAndUpdate(
        { _id: id, status: { $in: [...from] }, 'history.id': { $ne: entry.id } },
        {
          $set: await this.sealed.sealAgreement(trajectoryId, set),
          $push: { history: await this.sealed.sealEntry(trajectoryId, entry) },
          $inc: { revision: 1 },
        },
        after,
      )
      .lean();
    return this.read(doc);
  }
}
