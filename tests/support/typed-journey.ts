/**
 * Typed-only journeys shared by the listening tests: a trajectory set up in words (setup, invitation, acceptance),
 * then the preparation opened, or the first conversation over and "Did it take place?" asked. Runs on the in-memory
 * harness by default, or on the MongoDB harness (`typedPairOn`): both take the same scripted users.
 */
import type { FixedClock } from '../../src/core/clock.js';
import type { ProfileHints } from '../../src/core/events.js';
import { createMemoryHarness, type MemoryHarness } from './memory/harness.js';
import type { ScriptedUser } from './scripted-client.js';

export type TypedLocale = 'en-GB' | 'nl-NL';

/** What a journey needs of a harness (the in-memory one and the MongoDB one both have it). */
export interface Talk {
  readonly clock: FixedClock;
  user(userId: string, profile?: ProfileHints): ScriptedUser;
  deliverDue(): Promise<number>;
}

export interface TypedPair<H extends Talk> {
  readonly h: H;
  /** The employee. */
  readonly sam: ScriptedUser;
  /** The coach. */
  readonly robin: ScriptedUser;
  /** Sam types Dutch. */
  readonly nl: boolean;
}

export interface MemoryPair extends TypedPair<MemoryHarness> {
  readonly trajectoryId: string;
}

/**
 * Sam starts a trajectory with Robin in words only (first conversation Thursday 10 December 2026 at 14:00, Amsterdam,
 * every 2 weeks, 60 minutes) and Robin accepts. Each types in their own language (Robin in Sam's unless `coach` says).
 */
export async function typedPairOn<H extends Talk>(
  h: H,
  locale: TypedLocale,
  coach: TypedLocale = locale,
): Promise<TypedPair<H>> {
  const nl = locale === 'nl-NL';
  const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale });
  const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale: coach });
  await robin.send(coach === 'nl-NL' ? 'hallo' : 'hello');
  await sam
    .send('start')
    .send(nl ? 'Rustiger presenteren' : 'Become a calmer presenter')
    .send('robin@example.com');
  await sam
    .send(nl ? 'elke 2 weken' : 'every 2 weeks')
    .send('2026-12-10 14:00')
    .send('60');
  await sam.send(nl ? 'ja' : 'yes').expectReply(nl ? /Uitnodiging verstuurd/ : /Invitation sent/);
  await h.deliverDue();
  await robin.send(coach === 'nl-NL' ? 'ja' : 'yes').expectReply(/you are now coaching Sam|je coacht nu Sam/);
  await h.deliverDue();
  return { h, sam, robin, nl };
}

/** `typedPairOn` on a fresh in-memory harness (1 December 2026, 08:00 UTC), with the trajectory's id. */
export async function typedPair(locale: TypedLocale, coach: TypedLocale = locale): Promise<MemoryPair> {
  const pair = await typedPairOn(createMemoryHarness({ start: '2026-12-01T08:00:00Z' }), locale, coach);
  const [trajectory] = await pair.h.trajectories.listForPerson((await pair.sam.person()).id);
  if (!trajectory) throw new Error('no trajectory after the typed setup');
  return { ...pair, trajectoryId: trajectory.id };
}

/**
 * A typed pair, and on 8 December Sam says yes to preparing. The next reply Sam reads is the preparation's first
 * question.
 */
export async function typedPreparation(locale: TypedLocale): Promise<MemoryPair> {
  const pair = await typedPair(locale);
  pair.h.clock.set('2026-12-08T10:00:00Z');
  await pair.h.deliverDue();
  await pair.sam.send(pair.nl ? 'ja' : 'yes');
  return pair;
}

/** The first conversation is over (10 December, 15:20 in Amsterdam): both have been asked "Did it take place?". */
export async function afterFirstConversation<P extends TypedPair<Talk>>(pair: P): Promise<P> {
  pair.h.clock.set('2026-12-10T14:20:00Z');
  await pair.h.deliverDue();
  return pair;
}

/**
 * After the first conversation: the coach says it took place, then Sam records each of `agreements` (typed with its
 * deadline, "… by 2026-12-16" / "…, uiterlijk 2026-12-16"), confirms it and finds it feasible, ends the list, fixes
 * the next date (7 January 2027) and rates the conversation: where a test of the reminders starts.
 */
export async function agreedAndWrappedUp<P extends TypedPair<Talk>>(
  pair: P,
  agreements: readonly string[],
): Promise<P> {
  const { h, sam, robin, nl } = pair;
  await afterFirstConversation(pair);
  await robin.expectReply(nl ? /Heeft het plaatsgevonden/ : /Did it take place/).send(nl ? 'ja' : 'yes');
  await h.deliverDue();
  for (const agreement of agreements) {
    await sam.send(agreement).expectReply(nl ? /Klopt dat/ : /Is that right/);
    await sam
      .send(nl ? 'ja' : 'yes')
      .send(nl ? 'Haalbaar' : 'Feasible')
      .expectReply(nl ? /nog meer afgesproken/ : /What else did you agree/);
  }
  await sam
    .send(nl ? 'dat was het' : "that's all")
    .send('2027-01-07 14:00')
    .send(nl ? 'ja' : 'yes')
    .expectReply(nl ? /Hoe waardevol/ : /How valuable/);
  await sam
    .send('4')
    .send(nl ? 'Goed' : 'Good')
    .expectReply(nl ? /gedeeld/ : /shared your answer/);
  return pair;
}
