/**
 * `remove-workspace --space <channel>:<tenant> [--yes]`: the privacy officer's path when a workspace or tenant left
 * (the app was uninstalled) and its people's data should go now rather than after UNINSTALL_GRACE_DAYS. Messages to
 * everyone there stop, and each person is removed as 'delete my data' removes them (the other person of each
 * trajectory is told, data keys destroyed, documents removed). Without --yes it only says how many people it would
 * remove.
 */
import { parseArgs, type AdminCommand } from './command.js';
import { openApp } from './privacy.command.js';

const CHANNELS = ['slack', 'teams', 'web'] as const;
const USAGE = 'usage: npm run admin -- remove-workspace --space <slack|teams|web>:<workspace or tenant id> [--yes]';

export const removeWorkspaceCommand: AdminCommand = {
  name: 'remove-workspace',
  summary: 'a workspace or tenant removed the app: stop its messages and remove its people now (asks for --yes)',
  usage: '--space <channel>:<tenant> [--yes]',
  async run(ctx, args) {
    const { flags, values, positional } = parseArgs(args, ['space']);
    const [given, ...tenant] = (values.get('space') ?? '').split(':');
    const channel = CHANNELS.find((c) => c === given);
    const tenantId = tenant.join(':');
    if (!channel || !tenantId || positional.length > 0 || [...flags].some((f) => f !== 'yes')) {
      ctx.err(USAGE);
      return 2;
    }
    const app = await openApp(ctx);
    const space = { channel, tenantId };
    const prefix = `${channel}:${tenantId}:`;
    const count = await ctx.models.person.countDocuments({
      identityKeys: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` },
    });
    if (!flags.has('yes')) {
      ctx.out(
        `Would stop all messages to ${channel}:${tenantId} and remove ${count} people with everything that names them. Add --yes to do it.`,
      );
      return 2;
    }
    const removed = await app.uninstalls.purgeNow(space, ctx.now(), app.erasePerson);
    ctx.out(`stopped all messages to ${channel}:${tenantId} and removed ${removed} people; the other people were told`);
    return 0;
  },
};
