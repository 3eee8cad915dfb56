/**
 * What the virtual people do: an employee starts a trajectory with a coach (by e-mail), the coach accepts from the
 * invitation the scheduler sends, the employee prepares the first conversation once its invitation arrives, and the
 * coach receives the digest. Turns and scheduled messages both flow. A person whose conversation takes an unexpected
 * turn (a button that is not there) stops there: that is counted, it is not what the fault run checks.
 */
import { Derailed, outboxKeysOf, type VirtualPerson } from './people.js';

/** The next working day (Mon–Fri) after today in a fixed-offset zone like `Etc/GMT-2`, as YYYY-MM-DD. */
export function nextWorkingDay(zone: string, now = new Date()): string {
  const m = zone.match(/^Etc\/GMT([+-])(\d+)$/);
  const offsetHours = m ? (m[1] === '-' ? 1 : -1) * Number(m[2]) : 0;
  const local = new Date(now.getTime() + offsetHours * 3_600_000);
  do local.setUTCDate(local.getUTCDate() + 1);
  while (local.getUTCDay() === 0 || local.getUTCDay() === 6);
  return local.toISOString().slice(0, 10);
}

export type JourneyEnd = 'completed' | `derailed: ${string}`;

const expectText = (answer: string, pattern: RegExp, who: string): void => {
  if (!pattern.test(answer))
    throw new Derailed(`${who}: expected ${String(pattern)}${process.env.CHAOS_DEBUG ? ` got ${answer}` : ''}`);
};

export async function setUp(employee: VirtualPerson, coach: VirtualPerson, firstDay: string): Promise<void> {
  expectText(await employee.say('start'), /goal/i, employee.id);
  expectText(await employee.say('Grow as a presenter'), /coach/i, employee.id);
  expectText(await employee.say(coach.email), /How often/i, employee.id);
  await employee.press(/^every 14 days$/);
  expectText(await employee.say(`${firstDay} 14:00`), /How long/i, employee.id);
  await employee.press(/^60 min$/);
  await employee.press(/^Send the invitation$/);
}

/** What the employee writes to a preparation question, by what it asks (the first match wins). */
const ANSWERS: readonly (readonly [RegExp, string])[] = [
  [/get out of coaching|out of this (first )?conversation/i, 'Plan my next steps for the team demo'],
  [/learn best/i, 'By doing it and getting feedback right after'],
  [/realistic first step/i, 'Present at the Friday stand-up'],
  [/keep each other/i, 'A short message every Friday'],
  [/Where do you stand/i, 'I gave two short demos. The second one went much smoother. I noticed I rush the intro.'],
  [/conclude/i, 'Practising out loud pays off.'],
  [/What made that work|what helped/i, 'That practising out loud really helps'],
  [/gone well|went well/i, 'Second demo went smoothly'],
  [/even better/i, 'Slower intro\nHandling tough questions'],
  [/matters most|order of priority/i, '2 1'],
  [/support/i, 'Feedback on my slides'],
  [/topic/i, 'How to open a demo'],
];

/** Buttons pressed as soon as they are offered (they move the preparation on). */
const PRESS_AT_ONCE: readonly RegExp[] = [/^Send to /, /^Use these as topics$/, /^Keep this order$/, /^45 min$/];

export const buttonsOf = (answer: string): string[] => [...answer.matchAll(/\[([^\]\n]+)\]/g)].map((m) => m[1] ?? '');

/**
 * The first conversation's preparation, answered by what each question asks rather than by a fixed script, so the
 * journey follows the conversation as it is asked now (the intake, the travel report and its follow-up, lists that
 * end with "That's all", the order, the topics, the time, the summary). A list gets one item, then "That's all"; an
 * optional question with only "Skip" to go on is skipped. Derails after 40 moves or on a question it cannot answer.
 */
export async function prepare(employee: VirtualPerson): Promise<void> {
  let answer = await employee.say('prepare');
  let listed = false;
  for (let move = 0; move < 40; move++) {
    if (/Sent to /.test(answer)) return;
    const buttons = buttonsOf(answer);
    const atOnce = PRESS_AT_ONCE.map((p) => buttons.find((b) => p.test(b))).find((b) => b !== undefined);
    const thatsAll = buttons.includes("That's all");
    if (atOnce) {
      answer = await employee.press(new RegExp(`^${atOnce.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      listed = false;
    } else if (thatsAll && listed) {
      answer = await employee.press(/^That's all$/);
      listed = false;
    } else {
      const question =
        answer
          .split('\n')
          .filter((l) => l.trim() && !l.startsWith('['))
          .at(-1) ?? '';
      const text = ANSWERS.find(([pattern]) => pattern.test(question))?.[1];
      if (!text && buttons.includes('Skip')) {
        answer = await employee.press(/^Skip$/);
        continue;
      }
      if (!text) throw new Derailed(`${employee.id}: no answer for a preparation question${debug(answer)}`);
      answer = await employee.say(text);
      listed = thatsAll;
    }
  }
  throw new Derailed(`${employee.id}: the preparation did not end within 40 moves${debug(answer)}`);
}

const debug = (answer: string): string => (process.env.CHAOS_DEBUG ? `: ${answer}` : '');

/** Set-up (seven turns), the coach's invitation (scheduled), acceptance, the preparation invitation (scheduled). */
async function untilPreparation(employee: VirtualPerson, coach: VirtualPerson, firstDay: string, waitMs: number) {
  await setUp(employee, coach, firstDay);
  await coach.waitFor(
    (p) => p.blocks.length > 0 && /would like you to be their coach/.test(p.text + JSON.stringify(p.blocks)),
    waitMs,
  );
  await coach.press(/^Accept$/);
  await employee.waitFor((p) => outboxKeysOf(p).some((k) => k.includes('/prep/') && k.endsWith('/invite')), waitMs);
}

/** A journey's end: completed, or derailed with the reason (other errors are the harness's own and rethrown). */
async function ended(run: () => Promise<void>): Promise<JourneyEnd> {
  try {
    await run();
    return 'completed';
  } catch (error) {
    if (error instanceof Derailed) return `derailed: ${error.message.replace(/^U\w+: /, '')}`;
    throw error;
  }
}

/** One employee–coach pair through set-up, acceptance, preparation and digest. */
export function pairJourney(
  employee: VirtualPerson,
  coach: VirtualPerson,
  firstDay: string,
  scheduledWaitMs: number,
): Promise<JourneyEnd> {
  return ended(async () => {
    await untilPreparation(employee, coach, firstDay, scheduledWaitMs);
    await prepare(employee);
    await coach.waitFor((p) => outboxKeysOf(p).some((k) => k.includes('digest')), scheduledWaitMs);
  });
}

/**
 * The CI fault test's journey: set-up (seven turns), the coach's invitation (scheduled), acceptance, and the
 * employee's preparation invitation (scheduled). Turns and scheduled messages both flow, in about a third of the time.
 */
export function shortJourney(
  employee: VirtualPerson,
  coach: VirtualPerson,
  firstDay: string,
  scheduledWaitMs: number,
): Promise<JourneyEnd> {
  return ended(() => untilPreparation(employee, coach, firstDay, scheduledWaitMs));
}
