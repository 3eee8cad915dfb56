/**
 * Starts the channels the configuration enables. Each channel module adds one entry to `starters`; a starter returns
 * null when its channel is not configured.
 */
import type { ChannelContext, ChannelHandle } from './channel.js';
import { startWeb } from './web/index.js';
import { startTeams } from './teams/teams.channel.js';
import { startSlack } from './slack/slack.channel.js';

type Starter = (ctx: ChannelContext) => Promise<ChannelHandle | null>;

const starters: Starter[] = [
  // channels register here, e.g. startSlack, startTeams, startWeb
  startWeb,
  startTeams,
  startSlack,
];

export async function startChannels(ctx: ChannelContext): Promise<ChannelHandle[]> {
  const handles: ChannelHandle[] = [];
  for (const start of starters) {
    const handle = await start(ctx);
    if (handle) handles.push(handle);
  }
  return handles;
}
