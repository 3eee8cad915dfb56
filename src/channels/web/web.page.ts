/**
 * The page shell and one chat message as HTML. The shell has no inline script or style (the Content-Security-Policy
 * forbids them): the page's own CSS and JS are served by the app at /web/app.css and /web/app.js, so it works
 * offline. Settings reach the script as a JSON data island, which a CSP does not execute.
 */
import type { Locale } from '../../coaching/model.js';
import { escapeHtml, renderReplyHtml } from './web.renderer.js';
import { ui, uiCatalogues, type UiStrings } from './web.i18n.js';
import type { DemoPerson } from './web.demo.js';
import type { WebMessage } from './ports.js';

/** A request the page sends to move the development clock (the scheduler owns the endpoints). */
export interface ClockRequest {
  readonly path: string;
  readonly body?: Readonly<Record<string, unknown>>;
}

export interface ClockControls {
  readonly hour: ClockRequest;
  readonly day: ClockRequest;
  readonly next: ClockRequest;
}

export interface PageOptions {
  readonly locale: Locale;
  readonly people: readonly DemoPerson[];
  /** Null when the development clock is off: the page then says so instead of showing the buttons. */
  readonly clock: ClockControls | null;
  readonly nowLabel: string;
}

/** The client script reads these keys from the data island. */
const clientKeys = [
  'send',
  'clockMoved',
  'nothingScheduled',
  'clockUnavailable',
  'newMessage',
  'offline',
  'empty',
] as const satisfies readonly (keyof UiStrings)[];

export function renderPage(options: PageOptions): string {
  const { locale } = options;
  const t = (key: keyof UiStrings, params?: Record<string, string>): string => escapeHtml(ui(locale, key, params));
  const island = configIsland(options);
  const panels = options.people.map((person) => renderPanel(person, locale)).join('');
  const skips = options.people
    .map((p) => `<a class="skip" href="#msg-${p.userId}">${t('skip', { name: p.displayName })}</a>`)
    .join('');
  const langButton = (code: Locale, label: string): string =>
    `<button type="button" class="btn btn-small" data-locale="${code}" lang="${code}" aria-pressed="${code === locale}">${label}</button>`;
  const clock = clockButtons(options, t);
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('title')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/web/app.css">
<script type="application/json" id="web-config">${island}</script>
<script src="/web/app.js" defer></script>
</head>
<body>
${skips}
<header class="top">
  <div class="top-title">
    <h1>${t('title')}</h1>
    <p class="intro">${t('intro')} <span class="badge">${t('demoBadge')}</span> ${t('demoNotice')}</p>
  </div>
  <div class="toolbar">
    <section class="time" aria-labelledby="time-heading">
      <h2 id="time-heading" class="toolbar-heading">${t('timeHeading')}</h2>
      <p class="clock">${t('clockNow')}: <time id="clock-now">${escapeHtml(options.nowLabel)}</time></p>
      ${clock}
      <p id="clock-status" class="status" role="status"></p>
    </section>
    <section class="lang" aria-labelledby="lang-heading">
      <h2 id="lang-heading" class="toolbar-heading">${t('language')}</h2>
      <div class="lang-buttons">${langButton('en', 'English')}${langButton('nl', 'Nederlands')}</div>
    </section>
  </div>
</header>
<main class="panels">${panels}</main>
<div id="announcer" class="sr-only" aria-live="polite" aria-atomic="true"></div>
</body>
</html>
`;
}

/** The page's settings for the client script as JSON; `<` is escaped so no text can close the script element. */
function configIsland(options: PageOptions): string {
  const { locale } = options;
  const strings = Object.fromEntries(clientKeys.map((k) => [k, uiCatalogues[locale][k]]));
  const config = {
    locale,
    clock: options.clock,
    people: options.people.map((p) => ({ userId: p.userId, name: p.displayName, role: p.role })),
    strings,
  };
  return JSON.stringify(config).replace(/</g, '\\u003c');
}

/** The time buttons when the development clock can be moved, else a line saying it cannot. */
function clockButtons(options: PageOptions, t: (key: keyof UiStrings) => string): string {
  if (!options.clock) return `<p class="muted">${t('clockUnavailable')}</p>`;
  return (
    `<div class="time-buttons">` +
    `<button type="button" class="btn btn-small" data-clock="hour">${t('plusHour')}</button>` +
    `<button type="button" class="btn btn-small" data-clock="day">${t('plusDay')}</button>` +
    `<button type="button" class="btn btn-small" data-clock="next">${t('toNext')}</button></div>`
  );
}

function renderPanel(person: DemoPerson, locale: Locale): string {
  const t = (key: keyof UiStrings, params?: Record<string, string>): string => escapeHtml(ui(locale, key, params));
  const id = person.userId;
  return `
<section class="panel panel-${person.role}" data-user="${id}" aria-labelledby="title-${id}">
  <h2 id="title-${id}" class="panel-title"><span class="badge">${t('demoBadge')}</span> ${t('panelTitle', { name: person.displayName, role: ui(locale, person.role) })}</h2>
  <ol class="log" id="log-${id}" aria-label="${t('chatLabel', { name: person.displayName })}" tabindex="0"></ol>
  <p class="panel-error" role="alert" id="error-${id}"></p>
  <form class="composer" data-user="${id}">
    <label for="msg-${id}">${t('messageLabel', { name: person.displayName })}</label>
    <div class="composer-row">
      <input type="text" id="msg-${id}" name="text" autocomplete="off" maxlength="4000" placeholder="${t('messagePlaceholder')}">
      <button type="submit" class="btn btn-primary">${t('send')}</button>
    </div>
  </form>
</section>`;
}

export interface MessageView {
  readonly id: string;
  readonly seq: number;
  readonly from: WebMessage['from'];
  readonly kind: WebMessage['kind'];
  readonly at: string;
  readonly text: string;
  readonly html: string;
}

/** One message as a list item of the chat log, with who sent it and when (in the demo's time zone). */
export function renderMessage(
  message: WebMessage,
  options: { locale: Locale; timeZone: string; name: string },
): MessageView {
  const { locale } = options;
  const who = message.from === 'bot' ? ui(locale, 'bot') : ui(locale, 'you', { name: options.name });
  const time = formatTime(message.at, locale, options.timeZone);
  const scheduled =
    message.kind === 'proactive' ? ` <span class="tag">${escapeHtml(ui(locale, 'scheduled'))}</span>` : '';
  const body = renderReplyHtml(message.reply, `m${message.id}`, {
    required: ui(locale, 'required'),
    choose: ui(locale, 'choose'),
  });
  const html =
    `<li class="msg msg-${message.from}${message.kind === 'proactive' ? ' msg-proactive' : ''}" data-seq="${message.seq}" data-id="${escapeHtml(message.id)}">` +
    `<p class="meta"><span class="who">${escapeHtml(who)}</span>${scheduled} <time datetime="${message.at.toISOString()}">${escapeHtml(time)}</time></p>` +
    `<div class="body">${body}</div></li>`;
  return {
    id: message.id,
    seq: message.seq,
    from: message.from,
    kind: message.kind,
    at: message.at.toISOString(),
    text: message.reply.text,
    html,
  };
}

export function formatTime(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(at);
}
