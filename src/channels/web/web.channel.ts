/**
 * The local web chat: a third channel over the same engine, for trying the whole coaching cycle without Slack or
 * Teams. Served on the shared HTTP server at `/`. On by default in development when no Slack or Teams credentials are
 * set, or with WEB_CHAT=on; off in production unless WEB_CHAT=on (it has no login: never expose it publicly).
 */
import type { ChannelContext, ChannelHandle } from '../channel.js';
import { demoPeople, ensureDemoPair, webIdentity } from './web.demo.js';
import { WebDirectory } from './web.directory.js';
import { WebMessenger } from './web.messenger.js';
import { webRoutes } from './web.routes.js';

export async function startWeb(ctx: ChannelContext): Promise<ChannelHandle | null> {
  if (!ctx.config.webChat) return null;
  const { config, stores } = ctx;
  const store = stores.webMessages;
  await ensureDemoPair(ctx.people.findOrCreate);
  // A first visit should not meet an empty chat: each demo person starts with their dashboard (the Teams welcome).
  for (const demo of demoPeople) {
    if ((await store.count(demo.userId)) === 0) {
      await store.append(demo.userId, 'bot', 'reply', [await ctx.dashboard(webIdentity(demo.userId))], ctx.clock.now());
    }
  }
  ctx.router.use(webRoutes({ ctx, store }));
  ctx.logger.info({ people: demoPeople.map((p) => p.userId) }, 'web chat ready with demo people');
  return {
    channel: 'web',
    messenger: new WebMessenger(store, ctx.clock),
    directory: new WebDirectory(ctx.people),
    mode: `open http://localhost:${config.PORT}/`,
    stop: async () => {},
  };
}
