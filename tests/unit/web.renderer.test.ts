import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineHtml, renderReplyHtml } from '../../src/channels/web/web.renderer.js';
import { renderPage } from '../../src/channels/web/web.page.js';
import { demoPeople } from '../../src/channels/web/web.demo.js';
import type { Reply } from '../../src/core/reply.js';

/** Parses nothing: these checks read the markup as text, the way a browser would receive it. */
const count = (html: string, needle: string | RegExp): number =>
  typeof needle === 'string' ? html.split(needle).length - 1 : (html.match(new RegExp(needle, 'g')) ?? []).length;

describe('web chat HTML rendering', () => {
  it('escapes everything a person or the engine wrote', () => {
    const html = renderReplyHtml(
      {
        text: '<script>alert(1)</script> & "quotes"',
        blocks: [
          { kind: 'section', title: '<b>t</b>', text: "it's <i>" },
          { kind: 'fields', fields: [{ label: '<x>', value: '<img src=x onerror=alert(1)>' }] },
          { kind: 'list', items: ['<li>'] },
          { kind: 'buttons', buttons: [{ action: 'a"><script>', label: '<b>', value: '"onclick="x' }] },
        ],
      },
      'm1',
    );
    expect(html).not.toMatch(/<script>|<img|<b>|<i>|<x>|"onclick=/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).toContain('data-value="&quot;onclick=&quot;x"');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it("turns the catalogues' *bold* and line breaks into markup, and nothing else", () => {
    expect(inlineHtml('Type *help* to see\nmore')).toBe('Type <strong>help</strong> to see<br>more');
    expect(inlineHtml('2 * 3 * 4')).toBe('2 * 3 * 4');
    expect(inlineHtml('*<b>*')).toBe('<strong>&lt;b&gt;</strong>');
  });

  it("renders buttons with the engine's action and value verbatim", () => {
    const html = renderReplyHtml(
      {
        text: 'Pick',
        blocks: [
          {
            kind: 'buttons',
            buttons: [
              { action: 'step:choose', label: 'Yes', value: 'prep|goal|3|yes', style: 'primary' },
              { action: 'drop', label: 'No', style: 'danger' },
            ],
          },
        ],
      },
      'm2',
    );
    expect(html).toContain(
      '<button type="button" class="btn btn-primary" data-action="step:choose" data-value="prep|goal|3|yes">Yes</button>',
    );
    expect(html).toContain('<button type="button" class="btn btn-danger" data-action="drop">No</button>');
  });

  it('renders lists ordered or not, with an accessible title', () => {
    const html = renderReplyHtml(
      {
        text: 'x',
        blocks: [
          { kind: 'list', title: 'Topics', items: ['one', 'two'], ordered: true },
          { kind: 'list', items: ['a'] },
        ],
      },
      'm3',
    );
    expect(html).toContain(
      '<p class="msg-list-title" id="m3-b0-t">Topics</p><ol class="msg-list" aria-labelledby="m3-b0-t"><li>one</li><li>two</li></ol>',
    );
    expect(html).toContain('<ul class="msg-list"><li>a</li></ul>');
  });

  it('renders every form input with a label bound to it, and inline errors described by the input', () => {
    const form: Reply = {
      text: 'Agreement',
      blocks: [
        {
          kind: 'form',
          form: {
            id: 'agreement',
            title: 'New agreement',
            submitLabel: 'Save',
            value: 'agreements|new|7',
            inputs: [
              {
                id: 'what',
                label: 'What',
                type: 'text',
                required: true,
                maxLength: 200,
                placeholder: 'e.g. ask for feedback',
              },
              { id: 'notes', label: 'Notes', type: 'multiline', initial: 'line <1>' },
              { id: 'due', label: 'By when', type: 'date', required: true, initial: '2026-12-15' },
              {
                id: 'owner',
                label: 'Who',
                type: 'choice',
                options: [
                  { value: 'employee', label: 'Me' },
                  { value: 'coach', label: 'My coach' },
                ],
              },
            ],
            errors: { due: 'Pick a date in the future' },
          },
        },
      ],
    };
    const html = renderReplyHtml(form, 'm4');
    expect(html).toContain(
      '<form class="msg-form" data-form-id="agreement" data-value="agreements|new|7" data-title="New agreement" novalidate>',
    );
    expect(html).toContain('<legend>New agreement</legend>');
    for (const id of ['what', 'notes', 'due', 'owner']) {
      expect(html).toContain(`<label for="m4-b0-${id}">`);
      expect(count(html, `id="m4-b0-${id}"`)).toBe(1);
    }
    expect(html).toMatch(
      /<input type="text" name="what" id="m4-b0-what"[^>]*placeholder="e.g. ask for feedback" maxlength="200" required aria-required="true">/,
    );
    expect(html).toContain('>line &lt;1&gt;</textarea>');
    expect(html).toMatch(
      /<input type="date" name="due" id="m4-b0-due"[^>]*value="2026-12-15" required aria-required="true" aria-describedby="m4-b0-due-err" aria-invalid="true">/,
    );
    expect(html).toContain('<p class="field-error" id="m4-b0-due-err">Pick a date in the future</p>');
    expect(html).toContain(
      '<option value="">Choose…</option><option value="employee">Me</option><option value="coach">My coach</option>',
    );
    expect(count(html, 'aria-invalid')).toBe(1);
    expect(html).toContain('<button type="submit" class="btn btn-primary">Save</button>');
  });

  it('refuses a malformed initial date instead of passing it to the date input', () => {
    const html = renderReplyHtml(
      {
        text: 'x',
        blocks: [
          {
            kind: 'form',
            form: {
              id: 'f',
              title: 'F',
              submitLabel: 'Go',
              inputs: [{ id: 'd', label: 'D', type: 'date', initial: '"><script>' }],
            },
          },
        ],
      },
      'm5',
    );
    expect(html).toMatch(/type="date"[^>]*value=""/);
    expect(html).not.toContain('<script>');
  });
});

describe('web chat page', () => {
  it('is self-contained: no inline script or style, nothing from another host', () => {
    const page = renderPage({ locale: 'en', people: demoPeople, clock: null, nowLabel: 'Tue 1 Dec, 09:00' });
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const scripts = page.match(/<script[^>]*>/g) ?? [];
    expect(scripts).toEqual(['<script type="application/json" id="web-config">', '<script src="/web/app.js" defer>']);
  });

  it('shows both demo people, clearly marked, each with a labelled message box', () => {
    const page = renderPage({ locale: 'en', people: demoPeople, clock: null, nowLabel: 'now' });
    expect(page).toContain('Demo: Sam (employee)');
    expect(page).toContain('Demo: Robin (coach)');
    expect(page).toContain('<label for="msg-sam">Message from Sam</label>');
    expect(page).toContain('<label for="msg-robin">Message from Robin</label>');
    expect(page).toContain('aria-live="polite"');
    expect(page).toContain('The development clock is not available');
  });

  it('speaks Dutch when the locale is nl, and offers the time controls when the dev clock is on', () => {
    const clock = {
      hour: { path: '/dev/clock/advance', body: { ms: 3_600_000 } },
      day: { path: '/dev/clock/advance', body: { ms: 86_400_000 } },
      next: { path: '/dev/clock/next' },
    };
    const page = renderPage({ locale: 'nl', people: demoPeople, clock, nowLabel: 'di 1 dec, 09:00' });
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('Demo: Sam (medewerker)');
    expect(page).toContain('>+1 uur</button>');
    expect(page).toContain('>Naar het volgende geplande bericht</button>');
    expect(page).toContain('aria-pressed="true">Nederlands');
  });

  it('cannot be broken out of its JSON data island', () => {
    const people = [{ ...demoPeople[0]!, displayName: '</script><script>alert(1)</script>' }];
    const page = renderPage({ locale: 'en', people, clock: null, nowLabel: 'now' });
    const island = page.slice(
      page.indexOf('id="web-config">'),
      page.indexOf('</script>', page.indexOf('id="web-config">')),
    );
    expect(island).toContain('\\u003c/script>');
    expect(page).not.toContain('<script>alert(1)');
  });
});
