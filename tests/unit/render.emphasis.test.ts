/**
 * "I read this as: *Done*." (the status read from a typed answer to a reminder), as each channel shows it: the word
 * in bold and the full stop right after it, with no space in between. The web chat as HTML (<strong>), Slack as
 * mrkdwn (`*Done*`), Teams as the Markdown Adaptive Cards document (`**Done**`: a single `*` shows as italic on some
 * Teams clients and as a literal asterisk on others).
 */
import { describe, expect, it } from 'vitest';
import { renderReplyHtml } from '../../src/channels/web/web.renderer.js';
import { renderMessages } from '../../src/channels/slack/block-kit.renderer.js';
import { renderReply, type CardElement } from '../../src/channels/teams/card.renderer.js';
import type { Reply } from '../../src/core/reply.js';
import { afterFirstConversation, typedPair } from '../support/typed-journey.js';

const CASES = [
  {
    locale: 'en-GB',
    yes: 'yes',
    agreement: 'Practise the opening three times',
    when: 'in two weeks',
    feasible: 'Feasible',
    enough: "that's all",
    typed: 'Done, booked a room and practised',
    lead: 'I read this as:',
    status: 'Done',
  },
  {
    locale: 'nl-NL',
    yes: 'ja',
    agreement: 'De opening drie keer oefenen',
    when: 'over twee weken',
    feasible: 'Haalbaar',
    enough: 'dat was het',
    typed: 'Gedaan, zaal geboekt en geoefend',
    lead: 'Ik lees hierin:',
    status: 'Gedaan',
  },
] as const;

/** The reply that says which status was read from a typed answer to the reminder, as the engine sends it. */
async function statusReply(c: (typeof CASES)[number]): Promise<Reply> {
  const pair = await afterFirstConversation(await typedPair(c.locale));
  const { h, sam, robin } = pair;
  await robin.send(c.yes);
  await h.deliverDue();
  await sam.send(c.agreement).send(c.when).send(c.yes).send(c.feasible).send(c.enough);
  h.clock.set('2026-12-22T08:30:00Z');
  await h.deliverDue();
  await sam.send(c.typed);
  const reply = sam.transcript.find((r) => r.text.startsWith(c.lead));
  if (!reply) throw new Error(`no "${c.lead}" reply`);
  return reply;
}

/** Every TextBlock's text in a Teams message (plain text, or the card's body). */
function teamsTexts(reply: Reply): string[] {
  const message = renderReply(reply);
  const blocks = (message.attachments ?? []).flatMap((a) => (a.content as { body: CardElement[] }).body);
  return [
    ...(message.text ? [message.text] : []),
    ...blocks.flatMap((b) => (typeof b.text === 'string' ? [b.text] : [])),
  ];
}

describe('the status read from a reminder answer, in bold, the full stop right after it', () => {
  it.each(CASES)('$locale', async (c) => {
    const reply = await statusReply(c);
    expect(reply.text).toContain(`${c.lead} *${c.status}*.`);

    const html = renderReplyHtml(reply, 'm1');
    expect(html).toContain(`${c.lead} <strong>${c.status}</strong>. `);

    const slack = JSON.stringify(renderMessages(reply).map((m) => m.blocks ?? m.text));
    expect(slack).toContain(`${c.lead} *${c.status}*. `);

    const teams = teamsTexts(reply);
    expect(teams.some((t) => t.startsWith(`${c.lead} **${c.status}**. `))).toBe(true);
    expect(teams.join('\n')).not.toMatch(/(^|[^*])\*[^*\s][^*]*\*(?!\*)/);
  });
});
