/**
 * In-memory repositories implementing the coaching ports, so flows, the decider and the applier run as fast unit
 * tests without MongoDB. They keep the ports' promises that the domain relies on: compare-and-set on status and
 * revision, insert-once under an id, a history entry applied once, copies in and out (no shared references).
 * The MongoDB repositories stay the ones tested for storage (tests/integration).
 */
import { randomUUID } from 'node:crypto';
import type { ChannelIdentity, ProfileHints } from '../../../src/core/events.js';
import type {
  Agreement,
  AgreementStatus,
  Evaluation,
  HistoryEntry,
  Person,
  Preparation,
  Role,
  Session,
  SessionNote,
  SessionStatus,
  Trajectory,
} from '../../../src/coaching/model.js';
import type {
  AgreementRepo,
  PeopleRepo,
  PersonSettings,
  SessionRepo,
  TrajectoryRepo,
} from '../../../src/coaching/ports.js';

const copy = <T>(value: T): T => structuredClone(value);
const keyOf = (i: ChannelIdentity) => `${i.channel}:${i.tenantId}:${i.userId}`;

/** Sets the defined fields and removes the ones set to undefined (MongoDB's $set / $unset). */
function patch<T extends object>(target: T, set: Partial<T>): T {
  const next = { ...target };
  for (const key of Object.keys(set) as (keyof T)[]) {
    const value = set[key];
    if (value === undefined) delete next[key];
    else next[key] = copy(value);
  }
  return next;
}

export class MemoryPeopleRepo implements PeopleRepo {
  readonly rows = new Map<string, Person>();

  async get(id: string) {
    const p = this.rows.get(id);
    return p ? copy(p) : null;
  }
  async getMany(ids: readonly string[]) {
    return ids.flatMap((id) => {
      const p = this.rows.get(id);
      return p ? [copy(p)] : [];
    });
  }
  async findByIdentity(identity: ChannelIdentity) {
    const p = [...this.rows.values()].find((x) => x.identities.some((i) => keyOf(i) === keyOf(identity)));
    return p ? copy(p) : null;
  }
  async findByEmail(email: string) {
    const p = [...this.rows.values()].find((x) => x.email === email.trim().toLowerCase());
    return p ? copy(p) : null;
  }
  async upsertByIdentity(
    identity: ChannelIdentity,
    hints: ProfileHints,
    defaults: Pick<Person, 'locale' | 'timeZone' | 'workingHours'>,
  ): Promise<Person> {
    const email = hints.email?.trim().toLowerCase();
    const existing = await this.findByIdentity(identity);
    if (existing) {
      const refreshed = patch(existing, {
        displayName: hints.displayName ?? existing.displayName,
        email: email ?? existing.email,
      });
      this.rows.set(existing.id, refreshed);
      return copy(refreshed);
    }
    const locale = hints.locale?.toLowerCase().startsWith('nl')
      ? 'nl'
      : hints.locale?.toLowerCase().startsWith('en')
        ? 'en'
        : defaults.locale;
    const person: Person = {
      id: randomUUID(),
      displayName: hints.displayName ?? identity.userId,
      ...(email ? { email } : {}),
      locale,
      timeZone: hints.timeZone ?? defaults.timeZone,
      workingHours: copy(defaults.workingHours),
      identities: [{ channel: identity.channel, tenantId: identity.tenantId, userId: identity.userId }],
      createdAt: new Date(),
    };
    this.rows.set(person.id, person);
    return copy(person);
  }
  async update(id: string, settings: PersonSettings) {
    const p = this.rows.get(id);
    if (!p) return null;
    const cleared = Object.fromEntries(
      Object.entries(settings).map(([k, v]) => [k, v === null || v === '' ? undefined : v]),
    );
    const next = patch(p, cleared);
    this.rows.set(id, next);
    return copy(next);
  }
  async setAddress(identity: ChannelIdentity, address: Record<string, unknown>) {
    const p = await this.findByIdentity(identity);
    if (!p) return;
    const identities = p.identities.map((i) => (keyOf(i) === keyOf(identity) ? { ...i, address: copy(address) } : i));
    this.rows.set(p.id, patch(p, { identities, unreachable: undefined }));
  }
  async markUnreachable(id: string, reason: string, at: Date) {
    const p = this.rows.get(id);
    if (p) this.rows.set(id, { ...p, unreachable: { reason, at } });
  }
  async clearUnreachable(id: string) {
    const p = this.rows.get(id);
    if (p) this.rows.set(id, patch(p, { unreachable: undefined }));
  }
}

export class MemoryTrajectoryRepo implements TrajectoryRepo {
  readonly rows = new Map<string, Trajectory>();

  async insert(trajectory: Trajectory) {
    if (!this.rows.has(trajectory.id)) this.rows.set(trajectory.id, copy(trajectory));
  }
  async get(id: string) {
    const t = this.rows.get(id);
    return t ? copy(t) : null;
  }
  async getMany(ids: readonly string[]) {
    return ids.flatMap((id) => {
      const t = this.rows.get(id);
      return t ? [copy(t)] : [];
    });
  }
  async findByInviteCode(code: string) {
    const t = [...this.rows.values()].find((x) => x.inviteCode === code);
    return t ? copy(t) : null;
  }
  async listForPerson(personId: string) {
    return [...this.rows.values()]
      .filter((t) => t.employeeId === personId || t.coachId === personId)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map(copy);
  }
  async transition(id: string, from: Trajectory['status'], set: Partial<Trajectory>) {
    const t = this.rows.get(id);
    if (!t || t.status !== from) return null;
    const next = { ...patch(t, set), revision: t.revision + 1 };
    this.rows.set(id, next);
    return copy(next);
  }
}

export class MemorySessionRepo implements SessionRepo {
  readonly rows = new Map<string, Session>();

  private put(s: Session, set: Partial<Session>): Session {
    const next = { ...patch(s, set), revision: s.revision + 1 };
    this.rows.set(s.id, next);
    return copy(next);
  }
  async insert(session: Session) {
    if (!this.rows.has(session.id)) this.rows.set(session.id, copy(session));
  }
  async get(id: string) {
    const s = this.rows.get(id);
    return s ? copy(s) : null;
  }
  async listForTrajectory(trajectoryId: string) {
    return [...this.rows.values()]
      .filter((s) => s.trajectoryId === trajectoryId)
      .sort((a, b) => a.number - b.number)
      .map(copy);
  }
  async savePreparation(id: string, expectedRevision: number, preparation: Preparation, status: SessionStatus) {
    const s = this.rows.get(id);
    if (!s || s.revision !== expectedRevision || !['scheduled', 'preparing', 'prepared'].includes(s.status))
      return null;
    return this.put(s, { preparation, status });
  }
  async transition(id: string, from: readonly SessionStatus[], to: SessionStatus, set: Partial<Session> = {}) {
    const s = this.rows.get(id);
    if (!s || !from.includes(s.status)) return null;
    return this.put(s, { ...set, status: to });
  }
  async setEvaluation(id: string, role: Role, evaluation: Evaluation) {
    const s = this.rows.get(id);
    if (!s || s.evaluations[role]) return null;
    return this.put(s, { evaluations: { ...s.evaluations, [role]: evaluation } });
  }
  async skipEvaluation(id: string, role: Role, at: Date) {
    const s = this.rows.get(id);
    if (!s || s.evaluations[role] || s.evaluationSkipped?.[role]) return null;
    return this.put(s, { evaluationSkipped: { ...s.evaluationSkipped, [role]: at } });
  }
  async addNote(id: string, note: SessionNote) {
    const s = this.rows.get(id);
    if (!s) return null;
    if (s.notes?.some((n) => n.id === note.id)) return copy(s);
    return this.put(s, { notes: [...(s.notes ?? []), note] });
  }
  async listStartingBetween(from: Date, to: Date) {
    return [...this.rows.values()]
      .filter((s) => s.startsAt >= from && s.startsAt < to && s.status !== 'cancelled')
      .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
      .map(copy);
  }
}

export class MemoryAgreementRepo implements AgreementRepo {
  readonly rows = new Map<string, Agreement>();

  async insert(agreement: Agreement) {
    if (!this.rows.has(agreement.id)) this.rows.set(agreement.id, copy(agreement));
  }
  async get(id: string) {
    const a = this.rows.get(id);
    return a ? copy(a) : null;
  }
  async getMany(ids: readonly string[]) {
    return ids.flatMap((id) => {
      const a = this.rows.get(id);
      return a ? [copy(a)] : [];
    });
  }
  async listForTrajectory(trajectoryId: string, statuses?: readonly AgreementStatus[]) {
    return [...this.rows.values()]
      .filter((a) => a.trajectoryId === trajectoryId && (!statuses || statuses.includes(a.status)))
      .sort((a, b) => a.due.localeCompare(b.due) || a.createdAt.getTime() - b.createdAt.getTime())
      .map(copy);
  }
  async change(id: string, from: readonly AgreementStatus[], set: Partial<Agreement>, entry: HistoryEntry) {
    const a = this.rows.get(id);
    if (!a || !from.includes(a.status) || a.history.some((h) => h.id === entry.id)) return null;
    const next = { ...patch(a, set), history: [...a.history, copy(entry)], revision: a.revision + 1 };
    this.rows.set(id, next);
    return copy(next);
  }
}
