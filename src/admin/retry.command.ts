/**
 * `npm run admin -- retry <key>… | --all [--since <date>] [--kind <kind>]`: puts failed deliveries back in the outbox,
 * due now. The recipient's unreachable mark is cleared too (retrying says "the cause is fixed").
 */
import { MongoOperations } from '../store/operations.repo.js';
import { parseArgs, type AdminCommand } from './command.js';

const USAGE = '<key>… | --all [--since <ISO date>] [--kind <kind>]';

export const retryCommand: AdminCommand = {
  name: 'retry',
  summary: 'put failed deliveries back in the outbox (by key, or all of them)',
  usage: USAGE,
  async run(ctx, args) {
    const { flags, values, positional } = parseArgs(args, ['since', 'kind']);
    const all = flags.has('all');
    const since = values.get('since');
    const sinceDate = since ? new Date(since) : undefined;
    if ((!all && positional.length === 0) || (all && positional.length > 0) || [...flags].some((f) => f !== 'all')) {
      ctx.err(`usage: npm run admin -- retry ${USAGE}`);
      return 2;
    }
    if (sinceDate && Number.isNaN(sinceDate.getTime())) {
      ctx.err(`--since needs a date such as 2026-01-31 or 2026-01-31T09:00:00Z (got "${since}")`);
      return 2;
    }
    const ops = new MongoOperations(ctx.models);
    const kind = values.get('kind');
    const keys = all
      ? (await ops.failed({ ...(sinceDate ? { since: sinceDate } : {}), limit: 10_000 }))
          .filter((f) => !kind || f.kind === kind)
          .map((f) => f.key)
      : positional;
    let retried = 0;
    for (const key of keys) {
      if (await ops.retry(key, ctx.now())) {
        retried += 1;
        ctx.out(`put back: ${key}`);
      } else ctx.err(`not a failed delivery: ${key}`);
    }
    ctx.out(`${retried} of ${keys.length} put back in the outbox; the scheduler sends them at its next tick.`);
    return retried === keys.length ? 0 : 1;
  },
};
