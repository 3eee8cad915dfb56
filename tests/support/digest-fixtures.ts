/** A coach (Robin) and an employee (Sam) in one active trajectory, and its sessions: for digest and notice tests. */
import { emptyPreparation, type Person, type Session, type Trajectory } from '../../src/coaching/model.js';

const created = new Date('2026-12-01T08:00:00Z');

export const person = (id: string, name: string): Person => ({
  id,
  displayName: name,
  locale: 'en',
  timeZone: 'Europe/Amsterdam',
  workingHours: { start: '09:00', end: '17:30', days: [1, 2, 3, 4, 5] },
  identities: [],
  createdAt: created,
});

export const sam = person('p-sam', 'Sam');
export const robin = person('p-robin', 'Robin');

export const trajectory: Trajectory = {
  id: 't1',
  employeeId: sam.id,
  coachId: robin.id,
  proposedBy: 'employee',
  goal: 'Become a confident presenter',
  cadenceDays: 14,
  durationMinutes: 60,
  status: 'active',
  createdAt: created,
  revision: 1,
};

/** Session `number` of that trajectory, on Thursday 10 December 2026 at 14:00 Amsterdam, unless `over` says else. */
export const session = (number: number, over: Partial<Session> = {}): Session => ({
  id: `s${number}`,
  trajectoryId: 't1',
  number,
  startsAt: new Date('2026-12-10T13:00:00Z'),
  durationMinutes: 60,
  status: 'scheduled',
  preparation: emptyPreparation(),
  evaluations: {},
  revision: 1,
  ...over,
});
