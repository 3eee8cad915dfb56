/**
 * No text in logs, at any level (issue 13, point 6): a whole set-up and preparation through the real Slack HTTP edge
 * (signed requests in, the recorded stand-in Slack Web API out) at LOG_LEVEL=trace, with the SDKs' own debug output
 * on. The log holds none of the phrases typed, none of the bot's sentences, and no e-mail address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging.js';
import type { Dispatcher } from '../../src/scheduler/index.js';
import { createDispatcher } from '../../src/scheduling.js';
import { BOT_TOKEN, SIGNING_SECRET, startSlackServer, type SlackServer } from '../support/slack.server.js';
import { SlackUser } from '../support/slack.user.js';

const typed = [
  'Become a confident presenter',
  'Plan my next steps for the team demo',
  'I gave two short demos',
  'practising out loud really helps',
  'Second demo went smoothly',
  'Colleagues asked good questions',
  'Slower intro',
  'Handling tough questions',
  'Feedback on my slides',
  'Short rehearsals make the difference',
];
const sent = ['Here is what I can do', 'would like you to be their coach', 'travel report', 'Sent to Robin'];
const emails = ['sam@example.com', 'robin@example.com'];

describe('the log at LOG_LEVEL=trace through the Slack edge', () => {
  const lines: string[] = [];
  let s: SlackServer;
  let dispatcher: Dispatcher;
  let sam: SlackUser;
  let robin: SlackUser;

  beforeAll(async () => {
    const destination = { write: (line: string) => void lines.push(line) };
    const logger = createLogger({ level: 'trace', secrets: [BOT_TOKEN, SIGNING_SECRET], destination });
    s = await startSlackServer({ LOG_LEVEL: 'trace' }, { start: '2026-12-01T08:00:00Z', logger });
    s.api.user({ id: 'U0SAM', name: 'Sam', email: emails[0] ?? '', tz: 'Europe/Amsterdam', locale: 'en-GB' });
    s.api.user({ id: 'U0ROBIN', name: 'Robin', email: emails[1] ?? '', tz: 'Europe/Amsterdam', locale: 'en-US' });
    dispatcher = createDispatcher(s.app, [s.handle.messenger], { instanceId: 'logs-test', logger });
    sam = new SlackUser(s, 'U0SAM');
    robin = new SlackUser(s, 'U0ROBIN');
  });
  afterAll(async () => {
    await dispatcher.stop();
    await s.close();
  });

  it('holds no typed phrase, no sentence of the bot and no e-mail after a set-up and a whole preparation', async () => {
    (await sam.send('help')).expectReply(/Here is what I can do/);
    (await sam.send('start')).expectReply(/goal you want to work towards/);
    (await sam.send(typed[0]!)).expectReply(/Who would you like as your coach/);
    (await sam.send(emails[1]!)).expectReply(/How often/);
    (await sam.press('every 14 days')).expectReply(/first conversation/);
    (await sam.send('2026-12-10 14:00')).expectReply(/How long/);
    (await sam.press('60 min')).expectReply(/Shall I send the invitation/);
    (await sam.press('Send the invitation')).expectReply(/Invitation sent to Robin/);
    await dispatcher.tick();
    robin.expectReply(/would like you to be their coach/);
    await robin.press('Accept');
    await dispatcher.tick();

    (await sam.command('prepare')).expectReply(/What would you like to get out of coaching with Robin/);
    (await sam.send(typed[1]!)).expectReply(/How do you learn best/);
    (await sam.send('skip')).expectReply(/good challenge/);
    (await sam.send('skip')).expectReply(/realistic first step/);
    (await sam.send('skip')).expectReply(/keep each other informed/);
    (await sam.send('skip')).expectReply(/travel report/);
    (await sam.send(`${typed[2]}. The second one went much smoother. I noticed that ${typed[3]}.`)).expectReply(
      /If I summarise/,
    );
    // The report had no conclusion: the bot asks for one, then follows up on the success it heard.
    (await sam.send(typed[9]!)).expectReply(/What made that work/);
    (await sam.send('Nothing to add')).expectReply(/What has gone well for you lately/);
    (await sam.send(`${typed[4]}\n${typed[5]}`)).expectReply(/What else went well/);
    (await sam.press("That's all")).expectReply(/What could go even better/);
    (await sam.send(`${typed[6]}\n${typed[7]}`)).expectReply(/What else could go even better/);
    (await sam.press("That's all")).expectReply(/Which matters most to you/);
    (await sam.send('2 1')).expectReply(/Where would you like support from Robin/);
    (await sam.send(typed[8]!)).expectReply(/What else could Robin support you with/);
    (await sam.press("That's all")).expectReply(/Which topics would you like/);
    (await sam.press('Use these as topics')).expectReply(/Which other topic/);
    (await sam.press("That's all")).expectReply(/In which order/);
    (await sam.press('Keep this order')).expectReply(/How much of it would you like/);
    (await sam.press('45 min')).expectReply(/Your preparation for/);
    (await sam.press('Send to Robin')).expectReply(/Sent to Robin/);
    (await robin.command('agenda')).expectReply(/Feedback on my slides/);
    await s.handle.idle();

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(50);
    expect(log).toMatch(/"level":"(debug|trace)"/);
    expect(log).toMatch(/slack-sdk/); // the SDKs' own debug output was on
    const found = [...typed, ...sent, ...emails, BOT_TOKEN, SIGNING_SECRET].filter((phrase) => log.includes(phrase));
    const context = found.map((phrase) => {
      const at = log.indexOf(phrase);
      return `${phrase}: …${log.slice(Math.max(0, at - 200), at + 60)}…`;
    });
    expect(context).toEqual([]);
  });
});
