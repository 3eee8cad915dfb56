/**
 * `npm run chaos` — the fault run from the command line (see README "Reliability"):
 *   npm run chaos                 the long run: 150 pairs (300 people), kills for 4 minutes
 *   npm run chaos -- --short      the CI size: 40 pairs, kills for 70 seconds
 *   npm run chaos -- --pairs 60 --minutes 2
 * Exits 1 when a turn was lost or anything was said twice.
 */
import { faultRun } from './fault-run.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const short = args.includes('--short');
const pairs = Number(flag('pairs') ?? (short ? 40 : 150));
const minutes = Number(flag('minutes') ?? (short ? 70 / 60 : 4));

const report = await faultRun({
  pairs,
  faultMs: minutes * 60_000,
  rampMs: Math.min(minutes * 60_000 * 0.6, pairs * 400),
  killEveryMs: [2_000, 5_000],
  keepDir: args.includes('--keep'),
  dbRestart: !args.includes('--no-db-restart'),
  log: (line) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`),
});
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
const bad = report.lost + report.duplicatedTurns + report.duplicatedMessages + report.loggedSentNotPosted;
process.stdout.write(
  `${report.turnsAcked} acknowledged turns, ${report.lost} lost, ${report.duplicatedTurns} answered twice; ` +
    `${report.scheduledPosted} scheduled messages, ${report.duplicatedMessages} sent twice; ` +
    `kills ${JSON.stringify(report.kills)}, database restarts ${report.dbRestarts}\n`,
);
process.exit(bad === 0 && report.stillDue === 0 ? 0 : 1);
