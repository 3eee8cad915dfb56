/**
 * `npm run admin -- status [--json]`: what an operator needs to see, without any coaching text — the outbox by kind,
 * deliveries held for a retry and the ones that failed, people marked unreachable and why, installations, and each
 * scheduler instance's last tick.
 */
import { MongoOperations } from '../store/operations.repo.js';
import { MongoSchedulerTicks } from '../store/scheduler-ticks.repo.js';
import { parseArgs, type AdminCommand, type AdminContext } from './command.js';

export interface StatusReport {
  readonly at: Date;
  readonly outbox: { readonly byKind: unknown[]; readonly oldestDueAt: Date | null };
  readonly held: unknown[];
  readonly failed: unknown[];
  readonly unreachable: unknown[];
  readonly installations: unknown[];
  readonly schedulerTicks: unknown[];
}

export async function statusReport(ctx: AdminContext): Promise<StatusReport> {
  const ops = new MongoOperations(ctx.models);
  const now = ctx.now();
  const [byKind, oldestDueAt, held, failed, unreachable, installations, schedulerTicks] = await Promise.all([
    ops.outboxDepth(now),
    ops.oldestDue(now),
    ops.held(),
    ops.failed({ limit: 100 }),
    ops.unreachable(),
    ops.installations(),
    new MongoSchedulerTicks(ctx.connection).latest(),
  ]);
  return { at: now, outbox: { byKind, oldestDueAt }, held, failed, unreachable, installations, schedulerTicks };
}

const iso = (d: unknown): string => (d instanceof Date ? d.toISOString() : '');
const ago = (d: Date, now: Date): string => {
  const s = Math.round((now.getTime() - d.getTime()) / 1000);
  if (Math.abs(s) < 120) return `${s} s`;
  if (Math.abs(s) < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
};

function section(ctx: AdminContext, title: string, rows: readonly string[]): void {
  ctx.out(`${title} (${rows.length})`);
  for (const row of rows.length ? rows : ['  none']) ctx.out(row.startsWith('  ') ? row : `  ${row}`);
  ctx.out('');
}

type Row = Record<string, unknown>;

function printText(ctx: AdminContext, r: StatusReport): void {
  const now = r.at;
  ctx.out(`Status at ${iso(now)}`);
  ctx.out('');
  const depth = r.outbox.byKind as Row[];
  section(
    ctx,
    'Outbox: pending by kind',
    depth.map((d) => `${String(d.kind)}: ${String(d.pending)} pending, ${String(d.due)} due`),
  );
  ctx.out(`Oldest due item: ${r.outbox.oldestDueAt ? `${ago(r.outbox.oldestDueAt, now)} ago` : 'none'}`);
  ctx.out('');
  section(
    ctx,
    'Held for a retry',
    (r.held as Row[]).map(
      (h) =>
        `${String(h.key)}  ${String(h.kind)}  to ${String(h.recipientId)}  attempts ${String(h.attempts)}  last: ${String(h.lastError) || '-'}  next try ${iso(h.nextTry)}`,
    ),
  );
  section(
    ctx,
    'Failed deliveries (newest first; `retry <key>` or `retry --all` puts them back)',
    (r.failed as Row[]).map(
      (f) =>
        `${String(f.key)}  ${String(f.kind)}  to ${String(f.recipientId)}  via ${String(f.channel ?? '-')}  ${String(f.reason) || '-'}  at ${iso(f.at)}`,
    ),
  );
  section(
    ctx,
    'People marked unreachable',
    (r.unreachable as Row[]).map(
      (p) =>
        `${String(p.personId)}  ${String(p.name) || '-'}  ${(p.channels as string[]).join(',') || '-'}  ${String(p.reason)}  since ${iso(p.since)}`,
    ),
  );
  section(
    ctx,
    'Installations (Slack, multi-workspace)',
    (r.installations as Row[]).map(
      (i) =>
        `${String(i.id)}  ${String(i.teamName ?? i.team ?? i.enterprise ?? '-')}  bot ${String(i.botUserId ?? '-')}  updated ${iso(i.updatedAt)}${i.tokenExpiresAt ? `  token until ${iso(i.tokenExpiresAt)}` : ''}`,
    ),
  );
  section(
    ctx,
    'Scheduler: last tick per instance',
    (r.schedulerTicks as Row[]).map(
      (t) =>
        `${String(t.instance)}  ${iso(t.at)} (${ago(t.at as Date, now)} ago)  ${String(t.durationMs)} ms  claimed ${String(t.claimed)}, sent ${String(t.sent)}, retried ${String(t.retried)}, failed ${String(t.failed)}`,
    ),
  );
}

export const statusCommand: AdminCommand = {
  name: 'status',
  summary: 'failed and held deliveries, unreachable people, installations, scheduler ticks',
  usage: '[--json]',
  async run(ctx, args) {
    const { flags, positional } = parseArgs(args);
    const unknown = [...flags].filter((f) => f !== 'json');
    if (unknown.length || positional.length) {
      ctx.err(`status takes only --json (got ${[...unknown.map((f) => `--${f}`), ...positional].join(' ')})`);
      return 2;
    }
    const report = await statusReport(ctx);
    if (flags.has('json')) ctx.out(JSON.stringify(report, null, 2));
    else printText(ctx, report);
    return 0;
  },
};
