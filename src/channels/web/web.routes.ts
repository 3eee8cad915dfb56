/**
 * The web chat's HTTP surface: the page, its own CSS and JS, and small JSON endpoints per demo person. Each endpoint
 * only translates: a line, a button press or a form submit becomes an engine event; the engine's replies are stored
 * in the person's chat and returned as HTML. Bodies are parsed with zod; a bad body gets a 400 with a code and
 * changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { InboundBody } from '../../core/events.js';
import type { Reply } from '../../core/reply.js';
import type { Locale } from '../../coaching/model.js';
import { localOnly } from '../../http/local-only.js';
import { jsonBody } from '../../http/server.js';
import type { ChannelContext } from '../channel.js';
import { demoPeople, demoProfile, findDemo, webIdentity, type DemoPerson } from './web.demo.js';
import type { WebMessage, WebMessageStore } from './ports.js';
import { formatTime, renderMessage, renderPage, type ClockControls } from './web.page.js';
import { webScript } from './web.script.js';
import { webStyle } from './web.style.js';

const eventId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const messageBody = z.object({ eventId: eventId.optional(), text: z.string().max(20_000) });
const fieldEcho = z.object({ label: z.string().max(500), value: z.string().max(20_000) });
const actionBody = z.object({
  eventId: eventId.optional(),
  action: z.string().min(1).max(200),
  value: z.string().max(4000).optional(),
  values: z.record(z.string().max(100), z.string().max(20_000)).optional(),
  /** What the page shows as the person's own bubble: the button's label, or the form's title and answers. */
  echo: z.object({ text: z.string().max(500), fields: z.array(fieldEcho).max(50).optional() }).default({ text: '✓' }),
});
const localeBody = z.object({ locale: z.enum(['en', 'nl']) });
const afterQuery = z.coerce.number().int().min(0).catch(0);

/** Security headers for the page: nothing from elsewhere, no inline script or style. */
const pageCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const HOUR_MS = 3_600_000;

/**
 * The development clock's endpoints, owned by the scheduler (which also delivers what became due). The page only
 * calls them; it never moves a clock of its own.
 */
export const devClockControls: ClockControls = {
  hour: { path: '/dev/clock/advance', body: { ms: HOUR_MS } },
  day: { path: '/dev/clock/advance', body: { ms: 24 * HOUR_MS } },
  next: { path: '/dev/clock/next' },
};

export interface WebRoutesDeps {
  readonly ctx: ChannelContext;
  readonly store: WebMessageStore;
}

export function webRoutes(deps: WebRoutesDeps): Router {
  const router = Router();
  // No login: only requests to a local Host (DNS rebinding, the network).
  router.use('/web', localOnly);
  const chat = new WebChat(deps);
  mountPage(router, chat);
  mountSettings(router, chat);
  mountTurns(router, chat);
  return router;
}

/** What the routes share: the page's language, message views in each person's zone, and one turn. */
class WebChat {
  readonly ctx: ChannelContext;
  readonly store: WebMessageStore;
  readonly timeZone: string;
  /** The scheduler mounts the clock control only in development with DEV_CLOCK on: offer the buttons exactly then. */
  readonly clockControls: ClockControls | null;

  constructor({ ctx, store }: WebRoutesDeps) {
    this.ctx = ctx;
    this.store = store;
    this.timeZone = ctx.config.DEFAULT_TIME_ZONE;
    this.clockControls = ctx.config.devClock && ctx.config.NODE_ENV !== 'production' ? devClockControls : null;
  }

  /** The page's language: the demo employee's locale (the toggle keeps both demo people in step). */
  async pageLocale(): Promise<Locale> {
    const employee = await this.ctx.people.findByIdentity(webIdentity(demoPeople[0]?.userId ?? 'sam'));
    return employee?.locale ?? this.ctx.config.DEFAULT_LOCALE;
  }

  /** Times read in the person's own zone (they may change it in settings); the page clock uses the default zone. */
  async views(messages: readonly WebMessage[], demo: DemoPerson): Promise<ReturnType<typeof renderMessage>[]> {
    const locale = await this.pageLocale();
    const zone = (await this.ctx.people.findByIdentity(webIdentity(demo.userId)))?.timeZone ?? this.timeZone;
    return messages.map((m) => renderMessage(m, { locale, timeZone: zone, name: demo.displayName }));
  }

  /** Hands one event to the engine and stores the person's echo and the replies; returns both. */
  async turn(
    demo: DemoPerson,
    body: InboundBody,
    echo: Reply,
    id: string | undefined,
  ): Promise<{ status: string; messages: WebMessage[] }> {
    const { ctx, store } = this;
    const mine = await store.append(demo.userId, 'me', 'input', [echo], ctx.clock.now());
    const outcome = await ctx.engine.receive({
      eventId: id ?? randomUUID(),
      from: webIdentity(demo.userId),
      profile: demoProfile(demo),
      body,
    });
    if (outcome.status === 'duplicate') return { status: 'duplicate', messages: mine };
    const replies = await store.append(demo.userId, 'bot', 'reply', outcome.replies, ctx.clock.now());
    return { status: outcome.status, messages: [...mine, ...replies] };
  }
}

function demoOf(req: Request, res: Response): DemoPerson | null {
  const demo = findDemo(String(req.params.user ?? ''));
  if (!demo) res.status(404).json({ error: 'unknown_user' });
  return demo ?? null;
}

function invalid(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: 'invalid_request', fields: error.issues.map((i) => i.path.join('.') || '(body)') });
}

/** The page, its CSS and its script. */
function mountPage(router: Router, chat: WebChat): void {
  router.get('/', localOnly, async (_req, res) => {
    const locale = await chat.pageLocale();
    res.setHeader('Content-Security-Policy', pageCsp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    const nowLabel = formatTime(chat.ctx.clock.now(), locale, chat.timeZone);
    res.type('html').send(renderPage({ locale, people: demoPeople, clock: chat.clockControls, nowLabel }));
  });
  router.get('/web/app.css', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/css').send(webStyle);
  });
  router.get('/web/app.js', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript').send(webScript);
  });
}

/** The page's state (time, language, clock control) and the language toggle. */
function mountSettings(router: Router, chat: WebChat): void {
  router.get('/web/api/state', async (_req, res) => {
    const locale = await chat.pageLocale();
    const now = chat.ctx.clock.now();
    const nowLabel = formatTime(now, locale, chat.timeZone);
    res.json({ now: now.toISOString(), nowLabel, locale, devClock: chat.clockControls !== null });
  });
  router.post('/web/api/locale', jsonBody('256kb'), async (req, res) => {
    const parsed = localeBody.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    for (const demo of demoPeople) {
      const person = await chat.ctx.people.findByIdentity(webIdentity(demo.userId));
      if (person) await chat.ctx.people.update(person.id, { locale: parsed.data.locale });
    }
    res.json({ locale: parsed.data.locale });
  });
}

/** A person's messages, and their turns: a typed line, a button press or a form submit. */
function mountTurns(router: Router, chat: WebChat): void {
  const json = jsonBody('256kb');
  router.get('/web/api/:user/messages', async (req, res) => {
    const demo = demoOf(req, res);
    if (!demo) return;
    const messages = await chat.store.list(demo.userId, afterQuery.parse(req.query.after));
    res.json({ messages: await chat.views(messages, demo) });
  });
  router.post('/web/api/:user/messages', json, async (req, res) => {
    const demo = demoOf(req, res);
    if (!demo) return;
    const parsed = messageBody.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    const { text } = parsed.data;
    const echo = { text: text.length > 500 ? `${text.slice(0, 500)}…` : text };
    const result = await chat.turn(demo, { type: 'text', text }, echo, parsed.data.eventId);
    res.json({ status: result.status, messages: await chat.views(result.messages, demo) });
  });
  router.post('/web/api/:user/actions', json, async (req, res) => {
    const demo = demoOf(req, res);
    if (!demo) return;
    const parsed = actionBody.safeParse(req.body);
    if (!parsed.success) return invalid(res, parsed.error);
    const { action, value, values, echo } = parsed.data;
    const body: InboundBody = {
      type: 'action',
      action,
      ...(value !== undefined ? { value } : {}),
      ...(values ? { values } : {}),
    };
    const shown = echo.fields?.filter((f) => f.value.trim() !== '') ?? [];
    const echoReply: Reply = shown.length
      ? { text: echo.text, blocks: [{ kind: 'fields', fields: shown }] }
      : { text: echo.text };
    const result = await chat.turn(demo, body, echoReply, parsed.data.eventId);
    res.json({ status: result.status, messages: await chat.views(result.messages, demo) });
  });
}
