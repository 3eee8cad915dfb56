/** Finding the other person of a new trajectory: by mention or e-mail on the sender's channel, or by known e-mail. */
import type { ChannelIdentity, ProfileHints } from '../../../core/events.js';
import type { FlowContext } from '../../flow.js';
import { inSpaceOf } from '../../walls.js';

export interface Colleague {
  /** Known already (absent for someone the bot has not met: created when the trajectory is sent). */
  readonly id?: string;
  readonly name: string;
  /** How their channel knows them, when it resolved them. */
  readonly other?: { readonly identity: ChannelIdentity; readonly profile: ProfileHints };
}

const sameIdentity = (a: ChannelIdentity, b: ChannelIdentity) =>
  a.channel === b.channel && a.tenantId === b.tenantId && a.userId === b.userId;

/** A colleague by mention or e-mail through the channel's directory, or by e-mail among people already known here. */
export async function findColleague(ctx: FlowContext, reference: string): Promise<Colleague | null> {
  if (ctx.directory && ctx.from) {
    const found = await ctx.directory.resolve(ctx.from, reference);
    if (found) {
      const known = await ctx.people.findByIdentity(found.identity);
      const id = known?.id ?? (sameIdentity(found.identity, ctx.from) ? ctx.person.id : undefined);
      const identity = {
        channel: found.identity.channel,
        tenantId: found.identity.tenantId,
        userId: found.identity.userId,
      };
      return {
        ...(id ? { id } : {}),
        name: found.profile.displayName ?? known?.displayName ?? found.identity.userId,
        other: { identity, profile: found.profile },
      };
    }
  }
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(reference)) {
    // Among people already known, only someone in the sender's own workspace, tenant or web space (walls.ts).
    const person = await ctx.people.findByEmail(reference);
    return person && inSpaceOf(person, ctx.from, ctx.person) ? { id: person.id, name: person.displayName } : null;
  }
  return null;
}
