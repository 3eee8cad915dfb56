/**
 * A person arriving with an inbound event: found by their channel identity together with their dialog state, in one
 * round trip (an aggregate on `people` that looks the dialog up by the same id). A turn used to spend three on this
 * (the returning-person check, the find-and-update of the profile, the dialog read); now the profile is written only
 * when the platform tells us something new (a changed name or e-mail) or the person comes back after the app was
 * removed (`unreachable.reason` 'uninstalled', which writing again clears), and a first contact is created as before.
 */
import type { ChannelIdentity, ProfileHints } from '../core/events.js';
import type { DialogState } from '../core/dialog.js';
import { personSchema, type Person, type PersonDefaults } from '../coaching/model.js';
import type { MongoDialogRepo } from './dialog.repo.js';
import { identityKey, type MongoPeopleRepo } from './people.repo.js';
import { Batcher } from './batcher.js';
import { fromDoc } from './read.js';
import { driverCollection, type Models } from './schemas.js';
import { UNINSTALLED } from './uninstalls.js';

export interface Arrived<E> {
  readonly person: Person;
  readonly state: DialogState<E>;
}

export class MongoArrivals<E> {
  constructor(
    private readonly models: Models,
    private readonly people: MongoPeopleRepo,
    private readonly dialogs: MongoDialogRepo<E>,
  ) {}

  /**
   * The read, grouped (batcher.ts): people arriving while earlier reads are in flight are found with one aggregate on
   * their identity keys (a unique index), each with their dialog looked up by the same id. Through the driver itself:
   * a pipeline of plain values, nothing for mongoose to cast (and it would not).
   */
  private readonly reads = new Batcher<string, Record<string, unknown> | null>(async (keys) => {
    const found = await driverCollection(this.models.person)
      .aggregate<Record<string, unknown>>([
        { $match: { identityKeys: keys.length === 1 ? keys[0] : { $in: [...new Set(keys)] } } },
        {
          $lookup: {
            from: this.models.dialog.collection.collectionName,
            localField: '_id',
            foreignField: '_id',
            as: 'dialog',
          },
        },
        // The answers' replies are most of a dialog's bytes and a turn almost never reads them (see SavedAnswers).
        { $project: { 'dialog.answered.replies': 0 } },
      ])
      .toArray();
    const byKey = new Map<unknown, Record<string, unknown>>();
    for (const doc of found)
      for (const key of Array.isArray(doc.identityKeys) ? doc.identityKeys : []) byKey.set(key, doc);
    // Two turns of one person in one batch share the document: it is only read (the dialog is opened into a copy).
    return keys.map((key) => byKey.get(key) ?? null);
  });

  /** The person behind `identity` (created on first contact) and their dialog state as stored right now. */
  async arrive(identity: ChannelIdentity, hints: ProfileHints, defaults: PersonDefaults): Promise<Arrived<E>> {
    const found = await this.reads.submit(identityKey(identity));
    if (!found) {
      // A first contact: created (or found, when another turn created them a moment ago) the way it always was.
      const person = await this.people.upsertByIdentity(identity, hints, defaults);
      return { person, state: await this.dialogs.load(person.id) };
    }
    const { dialog, ...doc } = found;
    const stored: unknown = Array.isArray(dialog) ? dialog[0] : undefined;
    const person = await this.refreshed(fromDoc(personSchema, doc, 'person'), hints);
    return { person, state: await this.dialogs.readArrived(person.id, isRecord(stored) ? stored : null) };
  }

  /** Writes what changed (a new name or e-mail; back after an uninstall) and returns the person as now stored. */
  private async refreshed(person: Person, hints: ProfileHints): Promise<Person> {
    const set: Record<string, unknown> = {};
    if (hints.displayName && hints.displayName !== person.displayName) set.displayName = hints.displayName;
    const email = hints.email?.trim().toLowerCase();
    if (email && email !== person.email) set.email = email;
    const back = person.unreachable?.reason === UNINSTALLED;
    if (Object.keys(set).length === 0 && !back) return person;
    const $set = Object.keys(set).length ? { $set: set } : {};
    // Only the uninstall mark is cleared (another reason, such as a blocked chat, stays), as `Uninstalls.comeBack` does.
    const filter = back ? { _id: person.id, 'unreachable.reason': UNINSTALLED } : { _id: person.id };
    const update = { ...$set, ...(back ? { $unset: { unreachable: '' } } : {}) };
    let updated = await this.models.person.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean();
    if (!updated && back && Object.keys(set).length)
      updated = await this.models.person.findOneAndUpdate({ _id: person.id }, $set, { returnDocument: 'after' }).lean();
    return updated ? fromDoc(personSchema, updated, 'person') : person;
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
