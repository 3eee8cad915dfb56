/**
 * "Who is my coach?" on the web channel. A person types a name ("Robin", "@robin") or an e-mail address
 * ("robin@demo.local"); this resolves it to a web identity. The web chat has no company directory, so it knows the
 * demo pair and anyone already on the web channel with that e-mail address. Never matches the sender themself.
 */
import type { ChannelIdentity, ProfileHints } from '../../core/events.js';
import type { Directory, PeopleRepo } from '../../coaching/ports.js';
import { demoPeople, demoProfile, webIdentity } from './web.demo.js';

const normalise = (s: string): string =>
  s
    .trim()
    .replace(/^@/, '')
    .replace(/[.,;:!?]+$/, '')
    .trim()
    .toLowerCase();

export class WebDirectory implements Directory {
  constructor(private readonly people: Pick<PeopleRepo, 'findByEmail'>) {}

  async resolve(
    from: ChannelIdentity,
    reference: string,
  ): Promise<{ identity: ChannelIdentity; profile: ProfileHints } | null> {
    const wanted = normalise(reference);
    if (!wanted) return null;
    const demo = demoPeople.find((p) => [p.userId, p.displayName.toLowerCase(), p.email].includes(wanted));
    if (demo)
      return demo.userId === from.userId ? null : { identity: webIdentity(demo.userId), profile: demoProfile(demo) };
    if (!wanted.includes('@')) return null;
    const person = await this.people.findByEmail(wanted);
    const web = person?.identities.find((i) => i.channel === 'web');
    if (!person || !web || web.userId === from.userId) return null;
    return {
      identity: { channel: 'web', tenantId: web.tenantId, userId: web.userId },
      profile: { displayName: person.displayName, ...(person.email ? { email: person.email } : {}) },
    };
  }
}
