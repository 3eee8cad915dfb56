/** A typed-only start for memory-harness tests: setup, invitation and acceptance, then the preparation opened. */
import { createMemoryHarness } from './memory/harness.js';

export type TypedLocale = 'en-GB' | 'nl-NL';

/**
 * Sam starts a trajectory with Robin in words only (first conversation 10 December 14:00), Robin accepts, and on
 * 8 December Sam says yes to preparing. The next reply Sam reads is the preparation's first question.
 */
export async function typedPreparation(locale: TypedLocale) {
  const h = createMemoryHarness({ start: '2026-12-01T08:00:00Z' });
  const nl = locale === 'nl-NL';
  const sam = h.user('sam', { displayName: 'Sam', email: 'sam@example.com', locale });
  const robin = h.user('robin', { displayName: 'Robin', email: 'robin@example.com', locale });
  await robin.send('hello');
  await sam
    .send('start')
    .send(nl ? 'Rustiger presenteren' : 'Become a calmer presenter')
    .send('robin@example.com');
  await sam
    .send(nl ? 'elke 2 weken' : 'every 2 weeks')
    .send('2026-12-10 14:00')
    .send('60');
  await sam.send(nl ? 'ja' : 'yes');
  await h.deliverDue();
  await robin.send(nl ? 'ja' : 'yes');
  await h.deliverDue();
  h.clock.set('2026-12-08T10:00:00Z');
  await h.deliverDue();
  await sam.send(nl ? 'ja' : 'yes');
  return { h, sam, robin, nl };
}
