/**
 * The gate in front of Bolt's HTTP receiver at `/slack/events`. Bolt routes whatever a correctly signed body holds,
 * and its own routing reads fields without checking their types: a `team_id` that is a number, an `authorizations`
 * that is null or an interaction without a user made it throw (HTTP 500), and a body no listener acknowledges is held
 * for 3 seconds before a 404. The gate reads the raw body once (Bolt reuses it as `req.rawBody`), and for a correctly
 * signed request checks its shape against what the listeners accept:
 *
 *  - a known shape goes on to Bolt (which verifies the signature again, as always);
 *  - an event of a type the bot does not act on is acknowledged at once (200) and goes nowhere;
 *  - anything else gets `400 bad_request` at once and changes nothing.
 *
 * A request that is not correctly signed goes on to Bolt untouched, which answers 401: the gate never tells an
 * unsigned caller anything about shapes.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';
import { isValidSlackRequest } from '@slack/bolt';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../../core/logger.js';
import {
  blockActionsSchema,
  commandSchema,
  dmEventSchema,
  homeOpenedSchema,
  tokensRevokedSchema,
  viewSubmissionSchema,
} from './slack-inbound.translator.js';

const MAX_BODY = 1024 * 1024;

const authorization = z.object({
  team_id: z.string().nullish(),
  enterprise_id: z.string().nullish(),
  user_id: z.string().optional(),
  is_bot: z.boolean().optional(),
  is_enterprise_install: z.boolean().optional(),
});

/** The envelope fields Bolt reads while routing an event. */
const eventEnvelope = z.object({
  type: z.literal('event_callback'),
  team_id: z.string(),
  enterprise_id: z.string().nullish(),
  is_enterprise_install: z.boolean().optional(),
  event_id: z.string().optional(),
  api_app_id: z.string().optional(),
  authorizations: z.array(authorization).optional(),
  event: z.object({
    type: z.string(),
    // Read by Bolt's own routing (conversation, source): a null or a number there made it throw.
    channel: z.union([z.string(), z.object({ id: z.string() })]).optional(),
    user: z.union([z.string(), z.object({ id: z.string(), team_id: z.string().optional() })]).optional(),
    team: z.string().optional(),
    subtype: z.string().optional(),
    bot_id: z.string().optional(),
    channel_type: z.string().optional(),
    thread_ts: z.string().optional(),
    item: z.object({ channel: z.string().optional() }).optional(),
    message: z.object({ user: z.string().optional() }).optional(),
  }),
});

const uninstalled = z.object({ type: z.literal('app_uninstalled') });

/** The events a listener acts on, by type. */
const eventShapes: Record<string, z.ZodType> = {
  message: dmEventSchema,
  app_home_opened: homeOpenedSchema,
  tokens_revoked: tokensRevokedSchema,
  app_uninstalled: uninstalled,
};

/** Interaction fields Bolt reads while routing, next to what the listeners parse. */
const interactionCommon = z.object({
  enterprise: z.object({ id: z.string() }).nullish(),
  is_enterprise_install: z.boolean().optional(),
  channel: z.object({ id: z.string() }).nullish(),
  message: z.object({ ts: z.string().optional() }).nullish(),
  view: z.object({ id: z.string(), callback_id: z.string().optional(), type: z.string().optional() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), block_id: z.string().optional() })).optional(),
});

const formCallback = z.object({ view: z.object({ callback_id: z.string().startsWith('form|') }) });

const commandFields = z.object({
  command: z.literal('/coach'),
  enterprise_id: z.string().optional(),
  is_enterprise_install: z.string().optional(),
  channel_id: z.string().optional(),
});

/** bolt: on to Bolt; open: on to Bolt, names no workspace (URL verification, SSL check); ignore: 200; refuse: 400. */
type Verdict = 'bolt' | 'open' | 'ignore' | 'refuse';

/** The workspace (and Enterprise Grid org) a body comes from, as far as it says. */
export interface Origin {
  readonly teamId?: string | undefined;
  readonly enterpriseId?: string | undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const field = (o: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((at, k) => (typeof at === 'object' && at !== null ? Reflect.get(at, k) : undefined), o);

/** A body as read once: a form (a command, or an interaction with its JSON `payload`) or a JSON envelope. */
export type SlackBody =
  { readonly form: ParsedUrlQuery; readonly payload: unknown } | { readonly form?: undefined; readonly json: unknown };

/** Parses a request body once, for `slackVerdict` and `originOf`. */
export function parseSlackBody(contentType: string | undefined, raw: string): SlackBody {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    const form = parseQuery(raw);
    return { form, payload: typeof form.payload === 'string' ? parseJson(form.payload) : undefined };
  }
  return { json: parseJson(raw) };
}

/** Where a body that passed the shape checks comes from: the envelope, the interaction's team or user, the command. */
export function originOf(body: SlackBody): Origin {
  if (body.form) {
    const { form, payload: p } = body;
    if (typeof form.payload === 'string') {
      return {
        teamId: str(field(p, 'team', 'id')) ?? str(field(p, 'user', 'team_id')),
        enterpriseId: str(field(p, 'enterprise', 'id')),
      };
    }
    return { teamId: str(form.team_id), enterpriseId: str(form.enterprise_id) };
  }
  // As Bolt reads it: the first authorization's team unless that is null, else the envelope's.
  const authorizations = field(body.json, 'authorizations');
  const first: unknown = Array.isArray(authorizations) ? authorizations[0] : undefined;
  const teamId =
    first !== undefined && field(first, 'team_id') !== null ? field(first, 'team_id') : field(body.json, 'team_id');
  return { teamId: str(teamId), enterpriseId: str(field(body.json, 'enterprise_id')) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function eventVerdict(body: object): Verdict {
  const envelope = eventEnvelope.safeParse(body);
  if (!envelope.success) return 'refuse';
  const shape = eventShapes[envelope.data.event.type];
  if (!shape) return 'ignore';
  // The envelope's parse keeps only `type`: the event's own fields are checked on the body as sent.
  return shape.safeParse(Reflect.get(body as object, 'event')).success ? 'bolt' : 'refuse';
}

function interactionVerdict(payload: unknown): Verdict {
  if (!interactionCommon.safeParse(payload).success) return 'refuse';
  if (blockActionsSchema.safeParse(payload).success) return 'bolt';
  if (viewSubmissionSchema.safeParse(payload).success && formCallback.safeParse(payload).success) return 'bolt';
  return 'refuse';
}

/** What to do with a correctly signed body. */
export function slackVerdict(parsed: SlackBody): Verdict {
  if (parsed.form) {
    const { form, payload } = parsed;
    if (form.ssl_check !== undefined) return 'open';
    if (form.payload !== undefined) return typeof form.payload === 'string' ? interactionVerdict(payload) : 'refuse';
    return commandSchema.safeParse(form).success && commandFields.safeParse(form).success ? 'bolt' : 'refuse';
  }
  const body = parsed.json;
  if (typeof body !== 'object' || body === null) return 'refuse';
  if (Reflect.get(body, 'type') === 'url_verification')
    return typeof Reflect.get(body, 'challenge') === 'string' ? 'open' : 'refuse';
  return eventVerdict(body);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY ? Buffer.concat(chunks) : undefined));
    req.on('error', () => resolve(undefined));
  });
}

const header = (value: string | string[] | undefined): string => (typeof value === 'string' ? value : '');

export interface GateOptions {
  /**
   * A single-workspace install answers only its own workspace (or its Enterprise Grid org): false refuses the body
   * with 403. Absent: every workspace with an installation is served (multi-workspace installs).
   */
  readonly serves?: (origin: Origin) => Promise<boolean>;
}

export function slackGate(signingSecret: string, logger: Logger, options: GateOptions = {}): RequestHandler {
  return async (req, res, next) => {
    const raw = await readBody(req);
    if (!raw) {
      res.status(413).json({ error: 'payload_too_large' });
      return;
    }
    Object.assign(req, { rawBody: raw });
    const text = raw.toString('utf8');
    const signed = isValidSlackRequest({
      signingSecret,
      body: text,
      headers: {
        'x-slack-signature': header(req.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(header(req.headers['x-slack-request-timestamp'])),
      },
    });
    if (!signed) {
      next();
      return;
    }
    const body = parseSlackBody(req.headers['content-type'], text);
    const verdict = slackVerdict(body);
    if (verdict === 'open') {
      next();
      return;
    }
    if (verdict === 'bolt') {
      const origin = originOf(body);
      // A body that names no workspace cannot be one of ours either.
      if (options.serves && (origin.teamId === undefined || !(await options.serves(origin)))) {
        logger.info({ teamId: origin.teamId }, 'slack: refused a request from a workspace this install does not serve');
        res.status(403).json({ error: 'other_workspace' });
        return;
      }
      next();
      return;
    }
    logger.debug({ verdict }, 'slack: a signed request the bot does not act on');
    if (verdict === 'ignore') res.status(200).end();
    else res.status(400).json({ error: 'bad_request' });
  };
}
