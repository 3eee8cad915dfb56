/**
 * When the app is removed: Slack `app_uninstalled` / `tokens_revoked` (the bot token) for a workspace, the Teams app
 * removed from a person's chat. Messages stop at once: everyone in that workspace (or that person on Teams) is marked
 * unreachable with the reason `uninstalled`, which the dispatcher already honours (nothing more is sent to them), and
 * their planned messages are removed from the outbox.
 *
 * Their personal data goes after a grace period (UNINSTALL_GRACE_DAYS), when the scheduler's cleanup calls
 * `purgeDue` with the person eraser; an admin can do it at once (`purgeNow`). Someone who writes again before then
 * (the app was reinstalled) is reachable again (storing their address clears the mark), so nothing of theirs is
 * removed.
 */
import type { Models } from './schemas.js';

export const UNINSTALLED = 'uninstalled';

/** Removes everything held about one person (the data-rights eraser). */
export type Eraser = (personId: string) => Promise<unknown>;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface Space {
  readonly channel: 'slack' | 'teams' | 'web';
  readonly tenantId: string;
}

export class Uninstalls {
  constructor(private readonly models: Models) {}

  /** Stops every message to a workspace or tenant; returns the ids of the people it holds. */
  async stopSpace(space: Space, at: Date): Promise<string[]> {
    const filter = { identityKeys: { $regex: `^${escapeRegex(`${space.channel}:${space.tenantId}:`)}` } };
    const people = await this.models.person.find(filter, { _id: 1 }).lean();
    const ids = people.map((p) => String(p._id));
    await this.stop(ids, at);
    return ids;
  }

  /** Stops every message to one person (their Teams chat with the app was removed). */
  async stopPerson(personId: string, at: Date): Promise<void> {
    await this.stop([personId], at);
  }

  private async stop(ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.models.person.updateMany({ _id: { $in: ids } }, { $set: { unreachable: { reason: UNINSTALLED, at } } });
    await this.models.outbox.deleteMany({ recipientId: { $in: ids } });
  }

  /** Someone of a space that removed the app writes again (it was reinstalled): reachable again, nothing removed. */
  async comeBack(identity: { channel: string; tenantId: string; userId: string }): Promise<void> {
    await this.models.person.updateOne(
      {
        identityKeys: `${identity.channel}:${identity.tenantId}:${identity.userId}`,
        'unreachable.reason': UNINSTALLED,
      },
      { $unset: { unreachable: '' } },
    );
  }

  /** People marked uninstalled at least `graceDays` before `now` (and not back since). */
  async due(now: Date, graceDays: number): Promise<string[]> {
    const before = new Date(now.getTime() - graceDays * 86_400_000);
    const people = await this.models.person
      .find({ 'unreachable.reason': UNINSTALLED, 'unreachable.at': { $lte: before } }, { _id: 1 })
      .lean();
    return people.map((p) => String(p._id));
  }

  /** The scheduler's cleanup: erases the people whose grace period is over. Returns how many. */
  async purgeDue(now: Date, graceDays: number, erase: Eraser): Promise<number> {
    const ids = await this.due(now, graceDays);
    for (const id of ids) await erase(id);
    return ids.length;
  }

  /** The admin's path: erases everyone of a workspace or tenant at once (after stopping their messages). */
  async purgeNow(space: Space, at: Date, erase: Eraser): Promise<number> {
    const ids = await this.stopSpace(space, at);
    for (const id of ids) await erase(id);
    return ids.length;
  }
}
