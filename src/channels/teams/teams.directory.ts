/**
 * "Who is my coach?" on Teams: by e-mail address, among the people who already have the app in Teams.
 *
 * Pitfall: a bot installed in personal scope sees only its own 1:1 conversations, so the roster (TeamsInfo) never
 * holds colleagues, and finding someone who has not installed the app would need Microsoft Graph (an extra
 * permission). Such a person cannot be messaged anyway: Teams refuses to open a chat with someone who has not
 * installed the app. So the answer is null, and the domain falls back to its invite code.
 */
import type { ChannelIdentity, ProfileHints } from '../../core/events.js';
import type { Directory, PeopleRepo } from '../../coaching/ports.js';
import { readAddress } from './conversation.address.js';

const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

export class TeamsDirectory implements Directory {
  constructor(private readonly people: Pick<PeopleRepo, 'findByEmail'>) {}

  async resolve(
    from: ChannelIdentity,
    reference: string,
  ): Promise<{ identity: ChannelIdentity; profile: ProfileHints } | null> {
    const email = EMAIL.exec(reference)?.[0];
    if (!email) return null;
    const person = await this.people.findByEmail(email);
    if (!person) return null;
    const reachable = person.identities.find(
      (i) => i.channel === 'teams' && i.tenantId === from.tenantId && readAddress(i.address) !== null,
    );
    if (!reachable) return null;
    return {
      identity: { channel: 'teams', tenantId: reachable.tenantId, userId: reachable.userId },
      profile: { displayName: person.displayName, ...(person.email ? { email: person.email } : {}) },
    };
  }
}
