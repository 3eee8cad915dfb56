import { randomUUID } from 'node:crypto';
import type { ChannelIdentity, ProfileHints } from '../core/events.js';
import { isDuplicateKey } from './mongo.errors.js';
import { personSchema, type Person } from '../coaching/model.js';
import type { PeopleRepo, PersonSettings } from '../coaching/ports.js';
import type { Models } from './schemas.js';
import { fromDoc, fromDocOrNull } from './read.js';

export const identityKey = (i: ChannelIdentity): string => `${i.channel}:${i.tenantId}:${i.userId}`;

export class MongoPeopleRepo implements PeopleRepo {
  constructor(private readonly models: Models) {}

  async get(id: string): Promise<Person | null> {
    return fromDocOrNull(personSchema, await this.models.person.findById(id).lean(), 'person');
  }

  async getMany(ids: readonly string[]): Promise<Person[]> {
    const docs = await this.models.person.find({ _id: { $in: [...ids] } }).lean();
    return docs.map((d) => fromDoc(personSchema, d, 'person'));
  }

  async findByIdentity(identity: ChannelIdentity): Promise<Person | null> {
    return fromDocOrNull(
      personSchema,
      await this.models.person.findOne({ identityKeys: identityKey(identity) }).lean(),
      'person',
    );
  }

  async findByEmail(email: string): Promise<Person | null> {
    return fromDocOrNull(
      personSchema,
      await this.models.person.findOne({ email: email.trim().toLowerCase() }).lean(),
      'person',
    );
  }

  async upsertByIdentity(
    identity: ChannelIdentity,
    hints: ProfileHints,
    defaults: Pick<Person, 'locale' | 'timeZone' | 'workingHours'>,
  ): Promise<Person> {
    const key = identityKey(identity);
    const refresh: Record<string, unknown> = {};
    if (hints.displayName) refresh.displayName = hints.displayName;
    if (hints.email) refresh.email = hints.email.trim().toLowerCase();
    const existing = await this.models.person
      .findOneAndUpdate({ identityKeys: key }, { $set: refresh }, { returnDocument: 'after' })
      .lean();
    if (existing) return fromDoc(personSchema, existing, 'person');
    const locale = hints.locale?.toLowerCase().startsWith('nl')
      ? 'nl'
      : hints.locale?.toLowerCase().startsWith('en')
        ? 'en'
        : defaults.locale;
    const doc = {
      _id: randomUUID(),
      displayName: hints.displayName ?? identity.userId,
      ...(hints.email ? { email: hints.email.trim().toLowerCase() } : {}),
      locale,
      timeZone: hints.timeZone && isTimeZone(hints.timeZone) ? hints.timeZone : defaults.timeZone,
      workingHours: defaults.workingHours,
      identities: [{ channel: identity.channel, tenantId: identity.tenantId, userId: identity.userId }],
      identityKeys: [key],
      createdAt: new Date(),
    };
    try {
      await this.models.person.create(doc);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // someone created the same person a moment ago: read theirs
    }
    const found = await this.findByIdentity(identity);
    if (!found) throw new Error('person vanished after upsert');
    return found;
  }

  async update(id: string, settings: PersonSettings): Promise<Person | null> {
    const set: Record<string, unknown> = {};
    const unset: Record<string, ''> = {};
    for (const [k, v] of Object.entries(settings)) {
      if (v === undefined || v === null || v === '') unset[k] = '';
      else set[k] = v;
    }
    const doc = await this.models.person
      .findByIdAndUpdate(
        id,
        { ...(Object.keys(set).length ? { $set: set } : {}), ...(Object.keys(unset).length ? { $unset: unset } : {}) },
        { returnDocument: 'after' },
      )
      .lean();
    return fromDocOrNull(personSchema, doc, 'person');
  }

  async setAddress(identity: ChannelIdentity, address: Record<string, unknown>): Promise<void> {
    const key = identityKey(identity);
    const person = await this.models.person.findOne({ identityKeys: key }).lean();
    if (!person) return;
    const identities = ((person.identities as Record<string, unknown>[]) ?? []).map((i) =>
      `${String(i.channel)}:${String(i.tenantId)}:${String(i.userId)}` === key ? { ...i, address } : i,
    );
    await this.models.person.updateOne({ _id: person._id }, { $set: { identities }, $unset: { unreachable: '' } });
  }

  async markUnreachable(id: string, reason: string, at: Date): Promise<void> {
    await this.models.person.updateOne({ _id: id }, { $set: { unreachable: { reason, at } } });
  }

  async clearUnreachable(id: string): Promise<void> {
    await this.models.person.updateOne({ _id: id }, { $unset: { unreachable: '' } });
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
