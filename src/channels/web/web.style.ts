/**
 * The page's stylesheet, served by the app at /web/app.css (no CDN, no web fonts: it works offline). Two chats side by
 * side fill a laptop screen; below 900 px they stack. Focus is always visible; colours keep WCAG AA contrast.
 */
export const webStyle = String.raw`
:root {
  --bg: #f4f5f7; --panel: #ffffff; --ink: #1d2330; --muted: #4f5869; --line: #d5d9e0;
  --accent: #1f5fbf; --accent-ink: #ffffff; --danger: #a3262a; --bot: #eef2f8; --me: #e3f1e6;
  --focus: #ffbf47; --radius: 10px;
  color-scheme: light;
}
* { box-sizing: border-box; }
html, body { height: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
  display: flex; flex-direction: column;
}
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip { position: absolute; left: -9999px; top: 0; background: var(--panel); padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; top: .5rem; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
.top { display: flex; gap: 1.5rem; align-items: flex-start; justify-content: space-between; padding: .75rem 1.25rem; background: var(--panel); border-bottom: 1px solid var(--line); }
.top h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
.intro { margin: 0; color: var(--muted); max-width: 78ch; font-size: .9rem; }
.badge { display: inline-block; font-size: .72rem; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; background: #fff3cd; color: #5c4400; border: 1px solid #e0c36a; border-radius: 4px; padding: 0 .35rem; vertical-align: middle; }
.toolbar { display: flex; gap: 1.25rem; align-items: flex-start; flex-shrink: 0; }
.toolbar-heading { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 .2rem; }
.clock { margin: 0 0 .35rem; font-variant-numeric: tabular-nums; font-weight: 600; }
.time-buttons, .lang-buttons { display: flex; gap: .35rem; flex-wrap: wrap; }
.status { margin: .3rem 0 0; min-height: 1.2em; font-size: .85rem; color: var(--muted); max-width: 38ch; }
.muted { color: var(--muted); font-size: .85rem; margin: 0; max-width: 38ch; }
.panels { flex: 1; min-height: 0; display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; padding: 1rem 1.25rem; }
.panel { display: flex; flex-direction: column; min-height: 0; background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); overflow: hidden; }
.panel-title { font-size: 1rem; margin: 0; padding: .6rem .9rem; border-bottom: 1px solid var(--line); }
.panel-employee .panel-title { border-top: 4px solid #2e7d4f; }
.panel-coach .panel-title { border-top: 4px solid var(--accent); }
.log { flex: 1; min-height: 12rem; overflow-y: auto; list-style: none; margin: 0; padding: .75rem .9rem; display: flex; flex-direction: column; gap: .6rem; }
.log:empty::before { content: attr(data-empty); color: var(--muted); }
.msg { max-width: 92%; border-radius: var(--radius); padding: .45rem .7rem .55rem; }
.msg-bot { background: var(--bot); align-self: flex-start; }
.msg-me { background: var(--me); align-self: flex-end; }
.msg:has(.msg-form) { width: 92%; }
.msg-proactive { border-left: 4px solid var(--accent); }
.msg-new { animation: arrive .6s ease-out; }
@keyframes arrive { from { background: #fff7d6; } }
@media (prefers-reduced-motion: reduce) { .msg-new { animation: none; } }
.meta { margin: 0 0 .15rem; font-size: .75rem; color: var(--muted); display: flex; gap: .4rem; align-items: baseline; }
.who { font-weight: 600; color: var(--ink); }
.tag { font-size: .7rem; background: var(--accent); color: var(--accent-ink); border-radius: 3px; padding: 0 .3rem; }
.body p { margin: .2rem 0; }
.msg-text { font-weight: 500; }
.msg-section h4 { margin: .5rem 0 .1rem; font-size: .9rem; }
.msg-fields { margin: .3rem 0; display: grid; grid-template-columns: auto 1fr; gap: .1rem .6rem; }
.msg-fields div { display: contents; }
.msg-fields dt { font-weight: 600; color: var(--muted); }
.msg-fields dd { margin: 0; white-space: pre-wrap; }
.msg-list { margin: .2rem 0; padding-left: 1.3rem; }
.msg-list-title { font-weight: 600; }
.msg-buttons { display: flex; gap: .4rem; flex-wrap: wrap; margin-top: .4rem; }
.msg-files { list-style: none; padding: 0; margin: .4rem 0 0; }
.msg-file::before { content: "\1F4CE  "; }
.btn { font: inherit; font-size: .9rem; border: 1px solid #9aa3b2; background: #fff; color: var(--ink); border-radius: 6px; padding: .3rem .75rem; cursor: pointer; }
.btn:hover { background: #f0f3f8; }
.btn-primary { background: var(--accent); border-color: var(--accent); color: var(--accent-ink); }
.btn-primary:hover { background: #174a96; }
.btn-danger { border-color: var(--danger); color: var(--danger); }
.btn-small { font-size: .8rem; padding: .2rem .55rem; }
.btn[aria-pressed="true"] { background: var(--ink); color: #fff; border-color: var(--ink); }
.btn:disabled, fieldset:disabled .btn { opacity: .55; cursor: not-allowed; }
.msg-form fieldset { border: 1px solid var(--line); border-radius: 8px; margin: .4rem 0 0; padding: .5rem .7rem .7rem; background: #fff; }
.msg-form legend { font-weight: 600; padding: 0 .3rem; }
.field { display: flex; flex-direction: column; gap: .15rem; margin-bottom: .5rem; }
.field label { font-size: .85rem; font-weight: 600; }
.field input, .field textarea, .field select { font: inherit; border: 1px solid #8a93a3; border-radius: 6px; padding: .3rem .45rem; background: #fff; color: var(--ink); }
.field textarea { resize: vertical; }
.has-error input, .has-error textarea, .has-error select { border-color: var(--danger); border-width: 2px; }
.field-error { color: var(--danger); font-size: .85rem; margin: 0; font-weight: 600; }
.req { color: var(--danger); }
.panel-error { margin: 0; padding: 0 .9rem; color: var(--danger); font-size: .85rem; }
.panel-error:empty { display: none; }
.composer { border-top: 1px solid var(--line); padding: .6rem .9rem .75rem; background: #fafbfc; }
.composer label { display: block; font-size: .8rem; font-weight: 600; margin-bottom: .2rem; }
.composer-row { display: flex; gap: .5rem; }
.composer input { flex: 1; font: inherit; border: 1px solid #8a93a3; border-radius: 6px; padding: .4rem .55rem; }
@media (max-width: 900px) {
  body { display: block; height: auto; }
  .top { flex-direction: column; }
  .panels { grid-template-columns: 1fr; }
  .panel { height: 85vh; }
}
`;
