/**
 * A stand-in for the Slack Web API as a real HTTP server on 127.0.0.1, for the fault test and the soak, where the bots
 * are separate processes (nock cannot reach them). Each instance gets its own base URL (`/<instance>/api/`), so the
 * stand-in knows which process made a call.
 *
 * It keeps what Slack would keep: every posted message per DM channel, with its `metadata` (returned by
 * `conversations.history` with `include_all_metadata`). A message counts as posted the moment its request arrives,
 * also when the poster dies before reading the answer: that is what Slack does, and it is the case that produces
 * duplicates. `onPost` lets the driver hold the answer to a post (the caller is then killed while it waits).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PostedMessage {
  readonly seq: number;
  readonly instance: string;
  readonly channel: string;
  readonly user: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
  readonly metadata?: { readonly event_type: string; readonly event_payload: Record<string, unknown> };
  readonly at: number;
}

export const TEAM = 'T0CHAOS';
export const BOT_USER = 'U0BOT';
export const BOT_TOKEN = 'xoxb-chaos-bot-token';
export const SIGNING_SECRET = 'chaos-signing-secret-0123456789';

/** A fixed-offset zone where it is now working time on a working day (so scheduled messages may go out now). */
export function workingZone(now = new Date()): string {
  for (const offset of [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8, 9, -9, 10, -10, 11, -11, 12]) {
    const local = new Date(now.getTime() + offset * 3_600_000);
    const hour = local.getUTCHours();
    const day = local.getUTCDay();
    // Leave room for a run of up to an hour before 17:30.
    if (hour >= 10 && hour < 15 && day >= 1 && day <= 4) {
      // Etc/GMT signs are inverted: Etc/GMT-2 is UTC+2.
      return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    }
  }
  return 'Etc/UTC';
}

type Hold = (post: PostedMessage) => Promise<void> | undefined;

export class SlackStandIn {
  readonly posts: PostedMessage[] = [];
  readonly calls = new Map<string, number>();
  /** Called for every chat.postMessage; a promise returned holds the answer until it settles. */
  onPost: Hold = () => undefined;
  /**
   * Called for every Web API request before it is read; a promise returned delays its arrival (a slow network or a
   * starved sender). A request its caller gave up on in the meantime never arrives, as at Slack.
   */
  onArrival: (instance: string, method: string) => Promise<void> | undefined = () => undefined;
  private readonly byChannel = new Map<string, PostedMessage[]>();
  private readonly listeners = new Set<(post: PostedMessage) => void>();
  private server: Server | undefined;
  private seq = 0;
  private tsCounter = 0;
  private fileCounter = 0;
  /** Files shared into DMs (calendar invitations, exports). */
  uploads = 0;
  readonly zone: string;

  constructor(zone = workingZone()) {
    this.zone = zone;
  }

  async start(): Promise<number> {
    // A bot killed while sending a request aborts it mid-body: that request simply ends (Slack would drop it too).
    const server = createServer((req, res) => void this.handle(req, res).catch(() => res.destroy()));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  url(instance: string): string {
    const port = (this.server?.address() as AddressInfo).port;
    return `http://127.0.0.1:${port}/${instance}/api/`;
  }

  /** Every post to a person's DM, oldest first. */
  postsTo(user: string): readonly PostedMessage[] {
    return this.byChannel.get(dmChannel(user)) ?? [];
  }

  subscribe(listener: (post: PostedMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = req.url?.match(/^\/([\w-]+)\/api\/([\w.]+)/);
    const late = match ? this.onArrival(match[1] ?? '', match[2] ?? '') : undefined;
    if (late) {
      let gone = false;
      req.socket.once('close', () => (gone = true));
      await late;
      if (gone || req.socket.destroyed) return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (/^\/[\w-]+\/upload\//.test(req.url ?? '')) {
      // The bytes of a file upload (files.uploadV2's second step): Slack answers 200 with a plain "OK".
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      return;
    }
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const [, instance = '', method = ''] = match;
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    const args = parseArgs(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
    const { body, hold } = this.answer(instance, method, args);
    if (hold) await hold.catch(() => undefined);
    if (res.destroyed || req.socket.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private answer(
    instance: string,
    method: string,
    args: Record<string, unknown>,
  ): { body: Record<string, unknown>; hold?: Promise<void> } {
    const ok = (body: Record<string, unknown> = {}) => ({ body: { ok: true, ...body } });
    switch (method) {
      case 'auth.test':
        return ok({ user_id: BOT_USER, bot_id: 'B0BOT', team_id: TEAM, team: 'Chaos', url: 'https://chaos.test/' });
      case 'users.info':
        return ok({ user: this.user(String(args.user)) });
      case 'users.lookupByEmail': {
        const id = String(args.email ?? '').match(/^(u\w+)@chaos\.test$/i)?.[1];
        return id ? ok({ user: this.user(id.toUpperCase()) }) : { body: { ok: false, error: 'users_not_found' } };
      }
      case 'conversations.open':
        return ok({ channel: { id: dmChannel(String(args.users)) } });
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.fileCounter).padStart(6, '0')}`;
        return ok({ file_id: id, upload_url: `${this.url(instance).replace(/api\/$/, 'upload/')}${id}` });
      }
      case 'files.completeUploadExternal': {
        this.uploads++;
        const files = typeof args.files === 'string' ? (JSON.parse(args.files) as unknown) : args.files;
        return ok({ files: Array.isArray(files) ? files : [] });
      }
      case 'conversations.history':
        return ok({ messages: this.history(String(args.channel), args), has_more: false });
      case 'chat.postMessage': {
        const post = this.record(instance, args);
        const hold = this.onPost(post);
        return hold
          ? { ...ok({ channel: post.channel, ts: post.ts }), hold }
          : ok({ channel: post.channel, ts: post.ts });
      }
      default:
        return ok({ view: { id: 'V0VIEW' } });
    }
  }

  private record(instance: string, args: Record<string, unknown>): PostedMessage {
    const channel = String(args.channel);
    const metadata = args.metadata as PostedMessage['metadata'] | undefined;
    const post: PostedMessage = {
      seq: ++this.seq,
      instance,
      channel,
      user: channel.replace(/^D-/, ''),
      // Like Slack: seconds since the epoch, unique per message.
      ts: `${Math.floor(Date.now() / 1000)}.${String(++this.tsCounter % 1_000_000).padStart(6, '0')}`,
      text: typeof args.text === 'string' ? args.text : '',
      blocks: Array.isArray(args.blocks) ? (args.blocks as Record<string, unknown>[]) : [],
      ...(metadata && typeof metadata === 'object' ? { metadata } : {}),
      at: Date.now(),
    };
    this.posts.push(post);
    const list = this.byChannel.get(channel) ?? [];
    list.push(post);
    this.byChannel.set(channel, list);
    for (const listener of this.listeners) listener(post);
    return post;
  }

  /** Newest first, like Slack; metadata only with include_all_metadata. */
  private history(channel: string, args: Record<string, unknown>): Record<string, unknown>[] {
    const limit = Math.min(Number(args.limit ?? 100) || 100, 999);
    const withMeta = String(args.include_all_metadata) === 'true';
    const oldest = Number(args.oldest ?? 0) || 0;
    return [...(this.byChannel.get(channel) ?? [])]
      .filter((p) => Number(p.ts) > oldest)
      .reverse()
      .slice(0, limit)
      .map((p) => ({
        type: 'message',
        user: BOT_USER,
        bot_id: 'B0BOT',
        ts: p.ts,
        text: p.text,
        ...(withMeta && p.metadata ? { metadata: p.metadata } : {}),
      }));
  }

  private user(id: string): Record<string, unknown> {
    const name = `Person ${id.replace(/^U/, '')}`;
    return {
      id,
      name: id.toLowerCase(),
      real_name: name,
      tz: this.zone,
      locale: 'en-GB',
      profile: { display_name: name, real_name: name, email: `${id.toLowerCase()}@chaos.test` },
    };
  }
}

export const dmChannel = (user: string): string => `D-${user}`;

function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  const args: Record<string, unknown> = contentType?.includes('json')
    ? (JSON.parse(raw || '{}') as Record<string, unknown>)
    : Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'metadata', 'view']) {
    const value = args[key];
    if (typeof value === 'string') {
      try {
        args[key] = JSON.parse(value) as unknown;
      } catch {
        // leave as is
      }
    }
  }
  return args;
}
