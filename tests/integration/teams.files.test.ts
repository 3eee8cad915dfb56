/**
 * Files in Teams as real files, through the real botbuilder path (activities POSTed to /api/messages, development
 * mode) with nock as the Bot Connector and as the OneDrive upload session Teams opens on Allow:
 * a reply's file is offered with a FileConsentCard (kept sealed, the card carries only an id); Allow uploads the exact
 * bytes with a Content-Range and shows a FileInfoCard; Decline is answered kindly; a file is taken once and only by
 * the person it was offered to; an upload that does not go through can be allowed again. Scheduled sends (the
 * calendar invitation) offer their file the same way.
 */
import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FileAttachment } from '../../src/core/reply.js';
import {
  activities,
  fakeConnector,
  shownText,
  startTeamsServer,
  teamsUser,
  type ConnectorCall,
  type TeamsServer,
} from '../support/teams.server.js';

const HOST = 'https://smba.test';
const SERVICE = `${HOST}/emea/`;
const UPLOAD = 'https://upload.onedrive.test';
const ann = teamsUser('ann');
const bram = teamsUser('bram');

interface ConsentCard {
  contentType: string;
  name: string;
  content: { description: string; sizeInBytes: number; acceptContext: { fileId: string } };
}

const consentCards = (calls: readonly ConnectorCall[]): { call: ConnectorCall; card: ConsentCard }[] =>
  calls.flatMap((call) =>
    ((call.body.attachments ?? []) as ConsentCard[])
      .filter((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent')
      .map((card) => ({ call, card })),
  );

const uploadInfo = (name: string, session: string) => ({
  name,
  uploadUrl: `${UPLOAD}/sessions/${session}`,
  contentUrl: `https://contoso-my.sharepoint.test/personal/ann/Documents/Applications/${name}`,
  uniqueId: `unique-${session}`,
  fileType: name.split('.').pop(),
});

/** A nock'd upload session that records what it received and answers `status`. */
function uploadSession(session: string, status = 201) {
  const got: { body: Buffer; headers: Record<string, string> }[] = [];
  nock(UPLOAD)
    .put(`/sessions/${session}`)
    .reply(async (req: Request) => {
      got.push({ body: Buffer.from(await req.arrayBuffer()), headers: Object.fromEntries(req.headers.entries()) });
      return [status, { id: 'drive-item' }];
    });
  return got;
}

describe('Teams: files through the file consent flow', () => {
  let server: TeamsServer;
  let connector: ReturnType<typeof fakeConnector>;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1/);
    server = await startTeamsServer();
  });
  afterAll(async () => {
    await server.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  beforeEach(() => {
    nock.cleanAll();
    connector = fakeConnector(HOST, [ann, bram]);
  });

  it('offers "my data" as two files; Allow uploads the bytes and shows the saved file', async () => {
    expect((await server.post(activities.message(ann, SERVICE, 'my data'))).status).toBe(200);
    const offers = consentCards(connector.posted());
    expect(offers.map((o) => o.card.name)).toEqual([expect.stringMatching(/\.md$/), expect.stringMatching(/\.json$/)]);
    expect(JSON.stringify(connector.posted().map((c) => c.body))).not.toMatch(/data:|base64/);
    const [markdown] = offers;
    const { name, content } = markdown!.card;
    expect(content.sizeInBytes).toBeGreaterThan(100);
    expect(content.acceptContext.fileId).toMatch(/^[\w-]{20,}$/);

    // At rest the file is sealed: the stored document does not hold Ann's name in the clear.
    const stored = await server.connection
      .collection('teams_files')
      .findOne({ _id: content.acceptContext.fileId as never });
    expect(stored).toMatchObject({ tenantId: ann.tenant, userId: ann.aad, filename: name });
    expect(String(stored?.content)).not.toContain('Ann');

    const got = uploadSession('md-1');
    connector.clear();
    const allow = activities.fileConsent(
      ann,
      SERVICE,
      { action: 'accept', context: content.acceptContext, uploadInfo: uploadInfo(name, 'md-1') },
      markdown!.call.answeredId!,
    );
    const res = await server.post(allow);
    expect(res.status).toBe(200);
    expect(got).toHaveLength(1);
    const uploaded = got[0]!;
    expect(uploaded.body.length).toBe(content.sizeInBytes);
    expect(uploaded.body.toString('utf8')).toContain('Ann Jansen');
    expect(uploaded.headers['content-range']).toBe(`bytes 0-${content.sizeInBytes - 1}/${content.sizeInBytes}`);

    const [info] = connector.posted();
    expect(info?.body.attachments).toEqual([
      {
        contentType: 'application/vnd.microsoft.teams.card.file.info',
        contentUrl: uploadInfo(name, 'md-1').contentUrl,
        name,
        content: { uniqueId: 'unique-md-1', fileType: 'md' },
      },
    ]);
    expect(connector.deleted().map((c) => c.path.split('/').pop())).toEqual([markdown!.call.answeredId]);
    expect(
      await server.connection.collection('teams_files').countDocuments({ _id: content.acceptContext.fileId as never }),
    ).toBe(0);

    // The same Allow again (a double press): nothing uploaded, a sentence instead of an error.
    connector.clear();
    expect((await server.post({ ...allow, id: 'again' })).status).toBe(200);
    expect(shownText(connector.posted()[0]?.body ?? {})).toMatch(/no longer waiting to be saved/);
  });

  it('answers Decline kindly and forgets the file; someone else cannot take a file', async () => {
    await server.post(activities.message(ann, SERVICE, 'my data'));
    const [, json] = consentCards(connector.posted());
    const fileId = json!.card.content.acceptContext.fileId;

    // Bram sends Ann's file id with an upload session of his own: nothing is uploaded.
    nock(UPLOAD).put('/sessions/bram').reply(201, {});
    connector.clear();
    await server.post(
      activities.fileConsent(
        bram,
        SERVICE,
        { action: 'accept', context: { fileId }, uploadInfo: uploadInfo(json!.card.name, 'bram') },
        'some-card',
      ),
    );
    expect(nock.isDone()).toBe(false);
    expect(shownText(connector.posted()[0]?.body ?? {})).toMatch(/no longer waiting to be saved/);

    connector.clear();
    const res = await server.post(
      activities.fileConsent(ann, SERVICE, { action: 'decline', context: { fileId } }, json!.call.answeredId!),
    );
    expect(res.status).toBe(200);
    expect(shownText(connector.posted()[0]?.body ?? {})).toBe(
      `All right, ${json!.card.name} stays out of your OneDrive. The details are still in the message above.`,
    );
    expect(await server.connection.collection('teams_files').countDocuments({ _id: fileId as never })).toBe(0);
  });

  it('keeps the file when the upload does not go through, so Allow works again', async () => {
    await server.post(activities.message(ann, SERVICE, 'my data'));
    const [markdown] = consentCards(connector.posted());
    const { name, content } = markdown!.card;
    uploadSession('flaky', 503);
    connector.clear();
    const first = activities.fileConsent(
      ann,
      SERVICE,
      { action: 'accept', context: content.acceptContext, uploadInfo: uploadInfo(name, 'flaky') },
      markdown!.call.answeredId!,
    );
    expect((await server.post(first)).status).toBe(200);
    expect(shownText(connector.posted()[0]?.body ?? {})).toMatch(/Press Allow again in a moment/);
    expect(connector.deleted()).toEqual([]);

    const got = uploadSession('flaky', 201);
    connector.clear();
    await server.post({ ...first, id: 'second-try' });
    expect(got).toHaveLength(1);
    expect(connector.posted()[0]?.body.attachments).toMatchObject([
      { name, contentType: expect.stringMatching(/file\.info$/) },
    ]);
  });

  it('answers a malformed consent without changing anything', async () => {
    const res = await server.post(
      activities.fileConsent(ann, SERVICE, { action: 'accept', context: 'not an object' }, 'card'),
    );
    expect(res.status).toBe(200);
    expect(connector.posted()).toEqual([]);
  });

  it('offers the file of a scheduled message (a calendar invitation) the same way', async () => {
    const ics: FileAttachment = {
      filename: 'coaching-1.ics',
      mediaType: 'text/calendar; method=REQUEST',
      content: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n',
      title: 'Add to your calendar',
    };
    const person = await server.app.store.people.findByIdentity({
      channel: 'teams',
      tenantId: ann.tenant,
      userId: ann.aad,
    });
    const address = person?.identities.find((i) => i.channel === 'teams')?.address;
    connector.clear();
    await server.handle.messenger.send(
      { channel: 'teams', tenantId: ann.tenant, userId: ann.aad, ...(address ? { address } : {}) },
      [{ text: 'Here is the calendar invitation.', files: [ics] }],
    );
    const [offer] = consentCards(connector.posted());
    expect(offer?.card).toMatchObject({
      name: 'coaching-1.ics',
      content: { description: 'Add to your calendar', sizeInBytes: Buffer.byteLength(ics.content) },
    });
    const got = uploadSession('ics');
    await server.post(
      activities.fileConsent(
        ann,
        SERVICE,
        {
          action: 'accept',
          context: offer!.card.content.acceptContext,
          uploadInfo: uploadInfo('coaching-1.ics', 'ics'),
        },
        offer!.call.answeredId!,
      ),
    );
    expect(got[0]?.body.toString('utf8')).toBe(ics.content);
  });

  it('erasing the person removes the files still offered to them, and their key', async () => {
    await server.post(activities.message(ann, SERVICE, 'my data'));
    const owner = { tenantId: ann.tenant, userId: ann.aad };
    expect(await server.connection.collection('teams_files').countDocuments(owner)).toBeGreaterThan(0);
    const person = await server.app.store.people.findByIdentity({ channel: 'teams', ...owner });
    await server.app.store.personalData.erase(person!.id);
    expect(await server.connection.collection('teams_files').countDocuments(owner)).toBe(0);
  });
});
