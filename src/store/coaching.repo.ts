/** Trajectories, sessions and agreements. Every change that can race is one conditional single-document update. */
import { isDuplicateKey } from '../core/errors.js';
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
  type SessionStatus,
  type Trajectory,
} from '../coaching/model.js';
import type { AgreementRepo, SessionRepo, TrajectoryRepo } from '../coaching/ports.js';
import type { Models } from './schemas.js';
import { fromDoc, fromDocOrNull, toDoc } from './read.js';

const after = { returnDocument: 'after' } as const;

async function insertOnce(model: Models[keyof Models], doc: Record<string, unknown>): Promise<void> {
  try {
    await model.create(doc);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

export class MongoTrajectoryRepo implements TrajectoryRepo {
  constructor(private readonly models: Models) {}
  insert(t: Trajectory): Promise<void> {
    return insertOnce(this.models.trajectory, toDoc(t));
  }
  async get(id: string): Promise<Trajectory | null> {
    return fromDocOrNull(trajectorySchema, await this.models.trajectory.findById(id).lean(), 'trajectory');
  }
  async findByInviteCode(code: string): Promise<Trajectory | null> {
    return fromDocOrNull(
      trajectorySchema,
      await this.models.trajectory.findOne({ inviteCode: code.trim().toUpperCase() }).lean(),
      'trajectory',
    );
  }
  async listForPerson(personId: string): Promise<Trajectory[]> {
    const docs = await this.models.trajectory
      .find({ $or: [{ employeeId: personId }, { coachId: personId }] })
      .sort({ createdAt: -1 })
      .lean();
    return docs.map((d) => fromDoc(trajectorySchema, d, 'trajectory'));
  }
  async transition(id: string, from: Trajectory['status'], set: Partial<Trajectory>): Promise<Trajectory | null> {
    const $set: Record<string, unknown> = {};
    const $unset: Record<string, ''> = {};
    for (const [k, v] of Object.entries(set)) {
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
    return fromDocOrNull(trajectorySchema, doc, 'trajectory');
  }
}

export class MongoSessionRepo implements SessionRepo {
  constructor(private readonly models: Models) {}
  insert(s: Session): Promise<void> {
    return insertOnce(this.models.session, toDoc(s));
  }
  async get(id: string): Promise<Session | null> {
    return fromDocOrNull(sessionSchema, await this.models.session.findById(id).lean(), 'session');
  }
  async listForTrajectory(trajectoryId: string): Promise<Session[]> {
    const docs = await this.models.session.find({ trajectoryId }).sort({ number: 1 }).lean();
    return docs.map((d) => fromDoc(sessionSchema, d, 'session'));
  }
  async savePreparation(
    id: string,
    expectedRevision: number,
    preparation: Preparation,
    status: SessionStatus,
  ): Promise<Session | null> {
    const doc = await this.models.session
      .findOneAndUpdate(
        { _id: id, revision: expectedRevision, status: { $in: ['scheduled', 'preparing', 'prepared'] } },
        { $set: { preparation, status }, $inc: { revision: 1 } },
        after,
      )
      .lean();
    return fromDocOrNull(sessionSchema, doc, 'session');
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
    return fromDocOrNull(sessionSchema, doc, 'session');
  }
  async setEvaluation(id: string, role: Role, evaluation: Evaluation): Promise<Session | null> {
    const doc = await this.models.session
      .findOneAndUpdate(
        { _id: id, [`evaluations.${role}`]: { $exists: false } },
        { $set: { [`evaluations.${role}`]: evaluation }, $inc: { revision: 1 } },
        after,
      )
      .lean();
    return fromDocOrNull(sessionSchema, doc, 'session');
  }
  async listStartingBetween(from: Date, to: Date): Promise<Session[]> {
    const docs = await this.models.session
      .find({ startsAt: { $gte: from, $lt: to }, status: { $ne: 'cancelled' } })
      .sort({ startsAt: 1 })
      .lean();
    return docs.map((d) => fromDoc(sessionSchema, d, 'session'));
  }
}

export class MongoAgreementRepo implements AgreementRepo {
  constructor(private readonly models: Models) {}
  insert(a: Agreement): Promise<void> {
    return insertOnce(this.models.agreement, toDoc(a));
  }
  async get(id: string): Promise<Agreement | null> {
    return fromDocOrNull(agreementSchema, await this.models.agreement.findById(id).lean(), 'agreement');
  }
  async listForTrajectory(trajectoryId: string, statuses?: readonly AgreementStatus[]): Promise<Agreement[]> {
    const filter: Record<string, unknown> = { trajectoryId };
    if (statuses) filter.status = { $in: [...statuses] };
    const docs = await this.models.agreement.find(filter).sort({ due: 1, createdAt: 1 }).lean();
    return docs.map((d) => fromDoc(agreementSchema, d, 'agreement'));
  }
  async change(
    id: string,
    from: readonly AgreementStatus[],
    set: Partial<Agreement>,
    entry: HistoryEntry,
  ): Promise<Agreement | null> {
    const doc = await this.models.agreement
      .findOneAndUpdate(
        { _id: id, status: { $in: [...from] }, 'history.id': { $ne: entry.id } },
        { $set: set, $push: { history: entry }, $inc: { revision: 1 } },
        after,
      )
      .lean();
    return fromDocOrNull(agreementSchema, doc, 'agreement');
  }
}
