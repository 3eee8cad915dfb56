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

export async function prepare(employee: VirtualPerson): Promise<void> {
  const steps: (string | RegExp)[] = [
    'prepare',
    'Plan my next steps for the team demo',
    // The first conversation's intake: how they learn, a challenge, a first step, keeping each other informed.
    'By doing',
    /^Skip$/,
    'Rehearse once with a colleague',
    /^Skip$/,
    'I gave two short demos. The second one went much smoother.',
    'That practising out loud really helps',
    'Second demo went smoothly',
    /^That's all$/,
    'Slower intro\nHandling tough questions',
    /^That's all$/,
    '2 1',
    'Feedback on my slides',
    /^That's all$/,
    /^Use these as topics$/,
    /^That's all$/,
    /^Keep this order$/,
    /^45 min$/,
    /^Send to /,
  ];
  for (const step of steps) {
    if (typeof step === 'string') await employee.say(step);
    else await employee.press(step);
  }
}

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
