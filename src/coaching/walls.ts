/**
 * Walls between organisations. A person is found (by mention, e-mail or invite code) only inside their own space:
 * the same Slack workspace (the Slack directory asks Slack with that workspace's own token, which covers its
 * Enterprise Grid org), the same Teams tenant, or the web chat's own space. A space is a channel plus its tenant id.
 *
 * Invite codes carry 60 bits (12 characters from a 32-letter alphabet), expire 7 days after the invitation was made,
 * work once (joining clears the code in the same conditional update that makes the trajectory active), and `join`
 * is limited per person (JOIN_LIMIT tries per hour, counted in this process).
 */
import { randomBytes } from 'node:crypto';
import type { ChannelIdentity } from '../core/events.js';
import type { Person } from './model.js';

/** Same channel, same workspace / tenant / web space. */
export function sameSpace(
  a: Pick<ChannelIdentity, 'channel' | 'tenantId'>,
  b: Pick<ChannelIdentity, 'channel' | 'tenantId'>,
): boolean {
  return a.channel === b.channel && a.tenantId === b.tenantId;
}

/** True when the person has an identity in the space of `from` (or in any of `fromPerson`'s spaces). */
export function inSpaceOf(person: Pick<Person, 'identities'>, from: ChannelIdentity | undefined, fromPerson?: Person) {
  const spaces = from ? [from] : (fromPerson?.identities ?? []);
  return person.identities.some((i) => spaces.some((s) => sameSpace(i, s)));
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 12 characters × 5 bits = 60 bits. */
export const INVITE_CODE_LENGTH = 12;
export const INVITE_CODE_DAYS = 7;

/** A new code, stored as 12 letters and digits (256 is a multiple of 32, so every character is uniform). */
export const newInviteCode = (): string =>
  Array.from(randomBytes(INVITE_CODE_LENGTH), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

/** As shown to people: ABCD-EFGH-JKLM. */
export const formatInviteCode = (code: string): string => code.match(/.{1,4}/g)?.join('-') ?? code;

/** What someone typed, as stored: upper case, without spaces or dashes. */
export const normaliseInviteCode = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9]/g, '');

export function inviteExpired(createdAt: Date, now: Date): boolean {
  return now.getTime() - createdAt.getTime() > INVITE_CODE_DAYS * 86_400_000;
}

export const JOIN_LIMIT = 5;
const JOIN_WINDOW_MS = 3_600_000;

/** At most JOIN_LIMIT `join` tries with a code per person per hour (per process; guessing 60 bits is hopeless anyway). */
export class JoinLimiter {
  private readonly tries = new Map<string, number[]>();

  allow(personId: string, now: Date): boolean {
    const since = now.getTime() - JOIN_WINDOW_MS;
    const recent = (this.tries.get(personId) ?? []).filter((t) => t > since);
    if (recent.length >= JOIN_LIMIT) {
      this.tries.set(personId, recent);
      return false;
    }
    recent.push(now.getTime());
    this.tries.set(personId, recent);
    if (this.tries.size > 50_000) this.tries.clear();
    return true;
  }
}

export const joinLimiter = new JoinLimiter();
