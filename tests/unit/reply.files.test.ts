/** A file attached to a reply, as each channel renders it (Slack's upload is in tests/integration/slack.files.test.ts). */
import { describe, expect, it } from 'vitest';
import { renderPlainText, safeFilename, withFiles, type Reply } from '../../src/core/reply.js';
import { renderWithFiles } from '../../src/channels/teams/file.renderer.js';
import { renderReplyHtml } from '../../src/channels/web/web.renderer.js';

const ics = 'BEGIN:VCALENDAR\r\nSUMMARY:Sam & Robin <1:1>\r\nEND:VCALENDAR\r\n';
const base: Reply = { text: 'Your next conversation is fixed.', blocks: [{ kind: 'text', text: 'Thursday 14:00' }] };
const message = withFiles(base, {
  filename: 'coaching.ics',
  mediaType: 'text/calendar; method=REQUEST',
  content: ics,
  title: 'Add to your calendar',
});

const decode = (dataUrl: string): string => Buffer.from(dataUrl.split(',')[1] ?? '', 'base64').toString('utf8');

describe('file attachments', () => {
  it('plain text names the file', () => {
    expect(renderPlainText(message)).toMatch(/\[file: coaching\.ics\]$/);
  });

  it('file names keep only safe characters', () => {
    expect(safeFilename('../next conversation (Sam).ics')).toBe('next-conversation-Sam-.ics');
    expect(safeFilename('')).toBe('file');
  });

  it('Teams: the card, then a message carrying the file as an attachment with its type and name', () => {
    const [card, files] = renderWithFiles(message);
    expect(card?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(files?.attachments).toEqual([
      {
        contentType: 'text/calendar',
        contentUrl: expect.stringMatching(/^data:text\/calendar;base64,/),
        name: 'coaching.ics',
      },
    ]);
    const attachment = files?.attachments?.[0];
    expect(attachment && 'contentUrl' in attachment ? decode(attachment.contentUrl) : '').toBe(ics);
    expect(renderWithFiles(base)).toHaveLength(1);
  });

  it('web chat: a download link holding the content, everything escaped', () => {
    const html = renderReplyHtml(message, 'm1');
    const link =
      /<a class="msg-file" href="([^"]+)" download="coaching\.ics" type="text\/calendar">Add to your calendar<\/a>/.exec(
        html,
      );
    expect(link).not.toBeNull();
    expect(decode(link?.[1] ?? '')).toBe(ics);
    expect(html).not.toContain('<1:1>');
    expect(renderReplyHtml(base, 'm2')).not.toContain('msg-file');
  });
});
