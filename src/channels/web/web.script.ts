/**
 * The page's script, served by the app at /web/app.js (no framework, no CDN). It only moves data: it posts what the
 * person typed, pressed or submitted, and inserts the HTML the server rendered (already escaped there). New bot
 * messages are announced through one polite live region; after an action, focus moves to the first control of the
 * newest reply, or back to the message box, so a keyboard user never has to hunt for where to go next.
 *
 * Pitfall: it is plain browser JavaScript inside a string, so TypeScript does not check it; the e2e test does.
 */
export const webScript = String.raw`'use strict';
(function () {
  var config = JSON.parse(document.getElementById('web-config').textContent);
  var S = config.strings;
  var announcer = document.getElementById('announcer');
  var clockNow = document.getElementById('clock-now');
  var clockStatus = document.getElementById('clock-status');
  var panels = {};
  var POLL_MS = 2000;
  var MARGIN = 5000000; // re-ask for the last 5 s of messages; ids de-duplicate

  function fmt(template, params) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) { return name in params ? params[name] : whole; });
  }
  function newEventId() {
    var raw = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
    return raw.replace(/[^A-Za-z0-9_-]/g, '');
  }
  function api(method, path, body) {
    return fetch(path, {
      method: method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin'
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) { var e = new Error(data.error || ('http ' + res.status)); e.status = res.status; e.data = data; throw e; }
        return data;
      });
    });
  }
  function announce(text) {
    announcer.textContent = '';
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function insert(panel, views, options) {
    var added = [];
    var nearBottom = panel.log.scrollHeight - panel.log.scrollTop - panel.log.clientHeight < 80;
    views.slice().sort(function (a, b) { return a.seq - b.seq; }).forEach(function (view) {
      if (panel.ids[view.id]) return;
      panel.ids[view.id] = true;
      if (view.seq > panel.lastSeq) panel.lastSeq = view.seq;
      var tpl = document.createElement('template');
      tpl.innerHTML = view.html;
      var item = tpl.content.firstElementChild;
      if (!item) return;
      if (!options.initial) item.classList.add('msg-new');
      var before = null;
      var items = panel.log.children;
      for (var i = items.length - 1; i >= 0; i--) {
        if (Number(items[i].getAttribute('data-seq')) > view.seq) before = items[i]; else break;
      }
      panel.log.insertBefore(item, before);
      added.push(item);
      if (!options.initial && view.from === 'bot') announce(fmt(S.newMessage, { name: panel.name, text: view.text }));
    });
    if (added.length && (nearBottom || options.own || options.initial)) panel.log.scrollTop = panel.log.scrollHeight;
    return added;
  }

  // Only on a change: the alert region would otherwise repeat itself on every failed poll.
  function showError(panel, message) { if (panel.error.textContent !== (message || '')) panel.error.textContent = message || ''; }

  function poll(panel, initial) {
    var after = panel.lastSeq > MARGIN ? panel.lastSeq - MARGIN : 0;
    return api('GET', '/web/api/' + encodeURIComponent(panel.user) + '/messages?after=' + after)
      .then(function (data) { showError(panel, ''); insert(panel, data.messages || [], { initial: initial }); })
      .catch(function () { showError(panel, S.offline); });
  }
  function pollAll() { Object.keys(panels).forEach(function (u) { poll(panels[u], false); }); }

  /** After the person's own action: focus the newest reply's first control, else the message box. */
  function placeFocus(panel, added, fromComposer) {
    var bot = added.filter(function (el) { return el.classList.contains('msg-bot'); });
    var last = bot[bot.length - 1];
    var control = last && last.querySelector('input, textarea, select, button');
    if (control && !fromComposer) { control.focus(); return; }
    if (control && last.querySelector('form')) { control.focus(); return; }
    panel.input.focus();
  }

  function send(panel, path, body, fromComposer, lock) {
    body.eventId = newEventId();
    if (lock) lock(true);
    return api('POST', '/web/api/' + encodeURIComponent(panel.user) + path, body)
      .then(function (data) {
        showError(panel, '');
        var added = insert(panel, data.messages || [], { own: true });
        placeFocus(panel, added, fromComposer);
        return true;
      })
      .catch(function (error) {
        showError(panel, error && error.status ? (error.message || S.offline) : S.offline);
        if (lock) lock(false);
        return false;
      });
  }

  function labelOf(control) {
    var label = control.id ? document.querySelector('label[for="' + control.id + '"]') : null;
    return control.getAttribute('data-label') || (label ? label.firstChild.textContent.trim() : control.name);
  }

  function setup(section) {
    var user = section.getAttribute('data-user');
    var person = config.people.filter(function (p) { return p.userId === user; })[0] || { name: user };
    var panel = {
      user: user, name: person.name, lastSeq: 0, ids: {},
      log: section.querySelector('.log'), error: section.querySelector('.panel-error'),
      input: section.querySelector('.composer input[name="text"]')
    };
    panel.log.setAttribute('data-empty', S.empty);
    panels[user] = panel;

    section.querySelector('.composer').addEventListener('submit', function (event) {
      event.preventDefault();
      var text = panel.input.value;
      if (text.trim() === '') { panel.input.focus(); return; }
      panel.input.value = '';
      send(panel, '/messages', { text: text }, true).then(function (ok) { if (!ok) panel.input.value = text; });
    });

    panel.log.addEventListener('click', function (event) {
      var button = event.target.closest('button[data-action]');
      if (!button || button.disabled) return;
      var group = button.parentElement.querySelectorAll('button');
      var body = { action: button.getAttribute('data-action'), echo: { text: button.textContent } };
      if (button.hasAttribute('data-value')) body.value = button.getAttribute('data-value');
      send(panel, '/actions', body, false, function (on) { group.forEach(function (b) { b.disabled = on; }); })
        .then(function (ok) { if (ok) group.forEach(function (b) { b.disabled = false; }); });
    });

    panel.log.addEventListener('submit', function (event) {
      var form = event.target.closest('form.msg-form');
      if (!form) return;
      event.preventDefault();
      var values = {};
      var fields = [];
      Array.prototype.forEach.call(form.querySelectorAll('input[name], textarea[name], select[name]'), function (control) {
        values[control.name] = control.value;
        var shown = control.tagName === 'SELECT' && control.selectedIndex >= 0 && control.value !== '' ? control.options[control.selectedIndex].text : control.value;
        fields.push({ label: labelOf(control), value: shown });
      });
      var body = { action: 'form:' + form.getAttribute('data-form-id'), values: values, echo: { text: form.getAttribute('data-title') || '', fields: fields } };
      if (form.hasAttribute('data-value')) body.value = form.getAttribute('data-value');
      var fieldset = form.querySelector('fieldset');
      send(panel, '/actions', body, false, function (on) { fieldset.disabled = on; });
    });
  }

  function refreshClock() {
    return api('GET', '/web/api/state').then(function (state) { clockNow.textContent = state.nowLabel; clockNow.setAttribute('datetime', state.now); }).catch(function () {});
  }

  function moveClock(kind, button) {
    var endpoint = config.clock && config.clock[kind];
    if (!endpoint) return;
    button.disabled = true;
    api('POST', endpoint.path, endpoint.body || {})
      .then(function (result) {
        return refreshClock().then(function () {
          clockStatus.textContent = kind === 'next' && result && result.moved === false ? S.nothingScheduled : fmt(S.clockMoved, { time: clockNow.textContent });
        });
      })
      .catch(function () { clockStatus.textContent = S.clockUnavailable; })
      .then(function () {
        button.disabled = false;
        // The scheduler delivers what became due right after the move; look a few times so it shows up promptly.
        [300, 1200, 3000, 6000].forEach(function (ms) { window.setTimeout(pollAll, ms); });
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll('.panel[data-user]'), setup);
  Array.prototype.forEach.call(document.querySelectorAll('button[data-clock]'), function (button) {
    button.addEventListener('click', function () { moveClock(button.getAttribute('data-clock'), button); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('button[data-locale]'), function (button) {
    button.addEventListener('click', function () {
      api('POST', '/web/api/locale', { locale: button.getAttribute('data-locale') }).then(function () { window.location.reload(); });
    });
  });
  Object.keys(panels).forEach(function (u) { poll(panels[u], true); });
  window.setInterval(pollAll, POLL_MS);
  window.setInterval(refreshClock, 15000);
})();
`;
