/**
 * The fault run: 3 bot processes on one file-backed database, a stand-in Slack API, and virtual people going through
 * set-up, acceptance and preparation, while an instance is SIGKILLed every few seconds at a moment with work in
 * flight (right after it acknowledged a request, or while it waits for Slack to answer a post), and the database is
 * restarted once. Then everything settles and the stand-in is checked: every acknowledged turn answered exactly once,
 * every planned message delivered exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Balancer } from './balancer.js';
import { BotInstance, errorLines, MongoProcess } from './cluster.js';
import { AIMS, AimedKiller } from './killer.js';
import { nextWorkingDay, pairJourney, type JourneyEnd } from './journey.js';
import { TurnLedger, VirtualPerson } from './people.js';
import { checkRun, type RunCheck } from './check.js';
import { SlackStandIn } from './slack-standin.js';

export interface FaultRunOptions {
  readonly pairs: number;
  /** How long instances are killed (journeys keep going after it until they finish). */
  readonly faultMs: number;
  /** Over how long the pairs start. */
  readonly rampMs: number;
  readonly killEveryMs: readonly [number, number];
  readonly instances?: number;
  readonly dbRestart?: boolean;
  readonly keepDir?: boolean;
  readonly log?: (line: string) => void;
}

export interface FaultRunReport extends RunCheck {
  readonly kills: Record<string, number>;
  readonly dbRestarts: number;
  readonly journeys: Record<string, number>;
  readonly balancer: Balancer['stats'];
  readonly errorLogLines: number;
  readonly errorSamples: string[];
  readonly seconds: number;
  readonly dir: string;
}

export async function faultRun(o: FaultRunOptions): Promise<FaultRunReport> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'coach-chaos-'));
  const standIn = new SlackStandIn();
  await standIn.start();
  const mongo = new MongoProcess(dir, join(dir, 'chaos.h2'));
  await mongo.start();
  const uri = mongo.uri('chaos');
  const env = {
    OUTBOX_LEASE_SECONDS: '15',
    INBOX_LEASE_SECONDS: '10',
    MAX_MESSAGES_PER_DAY: '20',
  };
  const instances = Array.from(
    { length: o.instances ?? 3 },
    (_, i) => new BotInstance(`bot${i + 1}`, { dir, mongoUri: uri, standIn, env }),
  );
  await Promise.all(instances.map((i) => i.start()));
  log(`3 instances ready on ${uri}; stand-in Slack zone ${standIn.zone}; run dir ${dir}`);

  const balancer = new Balancer(instances);
  const ledger = new TurnLedger(standIn);
  const killer = new AimedKiller(instances, balancer, standIn, log);

  const firstDay = nextWorkingDay(standIn.zone);
  const people: VirtualPerson[] = [];
  const journeys: Promise<JourneyEnd>[] = [];
  for (let p = 0; p < o.pairs; p++) {
    const employee = new VirtualPerson(`U${String(2 * p + 1).padStart(5, '0')}`, balancer, standIn, ledger, 90_000);
    const coach = new VirtualPerson(`U${String(2 * p + 2).padStart(5, '0')}`, balancer, standIn, ledger, 90_000);
    people.push(employee, coach);
    const delay = (o.rampMs * p) / o.pairs;
    journeys.push(
      new Promise((resolve) => setTimeout(resolve, delay)).then(() => pairJourney(employee, coach, firstDay, 180_000)),
    );
  }

  // Faults: arm an aimed kill every few seconds; the first moment of that kind fires it. One database restart.
  let dbRestarts = 0;
  const faultLoop = (async () => {
    let n = 0;
    const end = Date.now() + o.faultMs;
    while (Date.now() < end) {
      const [min, max] = o.killEveryMs;
      await new Promise((resolve) => setTimeout(resolve, min + Math.random() * (max - min)));
      if (o.dbRestart !== false && dbRestarts === 0 && Date.now() > started + o.faultMs * 0.4) {
        killer.arm(undefined);
        log('database restart');
        await mongo.restart(4_000);
        dbRestarts++;
        continue;
      }
      // No such moment within 4 s: no kill this round.
      await killer.once(AIMS[n++ % AIMS.length] ?? 'after-ack', 4_000);
    }
    killer.enabled = false;
    killer.arm(undefined);
  })();

  const ends = await Promise.all(journeys);
  await faultLoop;
  log('journeys done; letting the instances settle');
  const check = await checkRun({ uri, standIn, ledger, people: people.map((p) => p.id), log });

  const endCounts: Record<string, number> = {};
  for (const end of ends) endCounts[end] = (endCounts[end] ?? 0) + 1;
  for (const instance of instances) await instance.terminate();
  await mongo.stop();
  await standIn.stop();
  const errors = instances.flatMap((i) => errorLines(i.proc?.logFile ?? ''));
  const report: FaultRunReport = {
    ...check,
    kills: killer.kills,
    dbRestarts,
    journeys: endCounts,
    balancer: balancer.stats,
    errorLogLines: errors.length,
    errorSamples: [...new Set(errors.map((l) => l.match(/"msg":"([^"]*)"/)?.[1] ?? l.slice(0, 120)))].slice(0, 10),
    seconds: Math.round((Date.now() - started) / 1000),
    dir,
  };
  if (!o.keepDir && check.lost === 0 && check.duplicatedTurns === 0 && check.duplicatedMessages === 0)
    rmSync(dir, { recursive: true, force: true });
  return report;
}
