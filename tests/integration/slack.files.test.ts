/**
 * Files with a reply on Slack: the messenger posts the message, then uploads each file into the same DM through the
 * files.uploadV2 flow (getUploadURLExternal → bytes to the upload URL → completeUploadExternal), all against the
 * nock'd Web API host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { startSlackServer, TEAM, type SlackServer } from '../support/slack.server.js';

const invite = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n';
const withFile: Reply = {
  text: 'Your next conversation: Thursday 14:00. The invitation for your calendar is attached.',
  files: [
    {
      filename: 'next conversation.ics',
      mediaType: 'text/calendar; method=REQUEST',
      content: invite,
      title: 'Coaching conversation',
    },
  ],
};
const target = (userId: string) => ({
  channel: 'slack' as const,
  tenantId: TEAM,
  userId,
  address: { channelId: `D-${userId}` },
});

describe('Slack files', () => {
  let s: SlackServer;
  beforeAll(async () => {
    s = await startSlackServer();
  });
  afterAll(() => s.close());

  it('posts the message, then uploads the file into the same DM', async () => {
    const sent = await s.handle.messenger.send(target('U0CAL'), [withFile]);
    expect(sent.messageId).toMatch(/^\d+\.\d+$/);
    const methods = s.api.calls.map((c) => c.method);
    expect(methods.slice(-3)).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    const [url] = s.api.callsTo('files.getUploadURLExternal').slice(-1);
    expect(url?.args).toMatchObject({ filename: 'next-conversation.ics', length: String(Buffer.byteLength(invite)) });
    const [complete] = s.api.callsTo('files.completeUploadExternal').slice(-1);
    expect(complete?.args.channel_id).toBe('D-U0CAL');
    const files = JSON.parse(String(complete?.args.files)) as { id: string; title: string }[];
    expect(files).toEqual([{ id: expect.stringMatching(/^F\d+$/), title: 'Coaching conversation' }]);
    expect(s.api.uploads.get(files[0]?.id ?? '')).toContain('METHOD:REQUEST');
  });

  it('a refused upload leaves the delivered message standing (no retry would post it twice)', async () => {
    s.api.once('files.completeUploadExternal', 200, { ok: false, error: 'not_allowed_token_type' });
    const posts = s.api.callsTo('chat.postMessage').length;
    const sent = await s.handle.messenger.send(target('U0CAL2'), [withFile]);
    expect(sent.messageId).toMatch(/\d/);
    expect(s.api.callsTo('chat.postMessage')).toHaveLength(posts + 1);
  });

  it('a reply without files makes no upload calls', async () => {
    const before = s.api.callsTo('files.getUploadURLExternal').length;
    await s.handle.messenger.send(target('U0PLAIN'), [{ text: 'hello' }]);
    expect(s.api.callsTo('files.getUploadURLExternal')).toHaveLength(before);
  });
});
