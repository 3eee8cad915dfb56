/**
 * The demo pair the web chat shows side by side: an employee and their coach. They are ordinary people on the web
 * channel (`tenantId: 'local'`), marked as demo data by their `@demo.local` addresses and on the page, so nobody
 * mistakes them for real colleagues. Creating them twice changes nothing (people are unique per identity).
 */
import type { ChannelIdentity, ProfileHints } from '../../core/events.js';
import type { Person } from '../../coaching/model.js';
import type { FindOrCreatePerson } from '../../coaching/ports.js';

export type DemoRole = 'employee' | 'coach';

export interface DemoPerson {
  readonly userId: string;
  readonly role: DemoRole;
  readonly displayName: string;
  readonly email: string;
}

export const WEB_TENANT = 'local';

export const demoPeople: readonly DemoPerson[] = [
  { userId: 'sam', role: 'employee', displayName: 'Sam', email: 'sam@demo.local' },
  { userId: 'robin', role: 'coach', displayName: 'Robin', email: 'robin@demo.local' },
];

export const webIdentity = (userId: string): ChannelIdentity => ({ channel: 'web', tenantId: WEB_TENANT, userId });

export const demoProfile = (demo: DemoPerson): ProfileHints => ({ displayName: demo.displayName, email: demo.email });

export const findDemo = (userId: string): DemoPerson | undefined => demoPeople.find((p) => p.userId === userId);

/** Creates (or finds) both demo people with the configured defaults. */
export async function ensureDemoPair(findOrCreate: FindOrCreatePerson): Promise<Person[]> {
  const out: Person[] = [];
  for (const demo of demoPeople) out.push(await findOrCreate(webIdentity(demo.userId), demoProfile(demo)));
  return out;
}
