/**
 * A choice the bot offered, typed as a sentence instead of the button's word: "let's prepare" / "laten we
 * voorbereiden" to the invitation to prepare, "send it to Robin" / "stuur maar naar Robin" to the preparation's
 * summary. Only there: the same words as an answer to a question that asks for the person's own words are that answer.
 */
import { describe, expect, it } from 'vitest';
import { renderPlainText } from '../../src/core/reply.js';
import type { ScriptedUser } from '../support/scripted-client.js';
import { typedPair, typedPreparation, type MemoryPair, type TypedLocale } from '../support/typed-journey.js';

const locale = (nl: boolean): TypedLocale => (nl ? 'nl-NL' : 'en-GB');

/** 8 December: the invitation to prepare has arrived ("Would you like to prepare it?"), nothing answered yet. */
async function invited(nl: boolean): Promise<MemoryPair> {
  const pair = await typedPair(locale(nl));
  pair.h.clock.set('2026-12-08T10:00:00Z');
  await pair.h.deliverDue();
  await pair.sam.expectReply(nl ? /Wil je het voorbereiden\?/ : /Would you like to prepare it\?/);
  return pair;
}

const statusOf = async ({ h, trajectoryId }: MemoryPair) =>
  (await h.sessions.listForTrajectory(trajectoryId))[0]?.status;

/** Every question skipped until the summary ("Your preparation for …") with its [Send to Robin] [Change]. */
async function atSummary(nl: boolean): Promise<MemoryPair> {
  const pair = await typedPreparation(locale(nl));
  const summary = nl ? /Je voorbereiding voor/ : /Your preparation for/;
  for (let i = 0; i < 25 && !summary.test(renderPlainText(await pair.sam.last())); i++) await pair.sam.send('skip');
  await pair.sam.expectReply(summary);
  return pair;
}

const last = async (user: ScriptedUser) => renderPlainText(await user.last());

describe('the invitation to prepare, answered in a sentence', () => {
  it.each([
    ['en', "let's prepare"],
    ['en', 'Can we prepare?'],
    ['en', "ok, let's prepare now"],
    ['en', "Sure, let's get started!"],
    ['en', "I'd like to prepare it now, thanks"],
    ['nl', 'laten we voorbereiden'],
    ['nl', 'ja, voorbereiden maar'],
    ['nl', 'Zullen we beginnen?'],
    ['nl', 'ik wil het graag nu voorbereiden'],
  ] as const)('%s: %j starts the preparation', async (lang, text) => {
    const nl = lang === 'nl';
    const pair = await invited(nl);
    await pair.sam
      .send(text)
      .expectReply(nl ? /Wat wil je uit de coaching met Robin halen/ : /What would you like to get out of coaching/);
  });

  it.each([
    ['en', 'maybe later'],
    ['en', "ok, let's prepare later"],
    ['nl', 'liever morgen'],
    ['nl', 'laten we dat straks doen'],
  ] as const)('%s: %j leaves it for later', async (lang, text) => {
    const nl = lang === 'nl';
    const pair = await invited(nl);
    await pair.sam.send(text).expectReply(nl ? /Ik ben er wanneer het je uitkomt/ : /I'll be here when it suits you/);
    expect(await statusOf(pair)).toBe('scheduled');
  });

  it.each([
    ['en', "let's not prepare"],
    ['en', 'I want to send the report to my team earlier'],
    ['nl', 'we bereiden de presentatie voor'],
  ] as const)('%s: %j is neither, and starts nothing', async (lang, text) => {
    const pair = await invited(lang === 'nl');
    await pair.sam.send(text);
    expect(await last(pair.sam)).not.toMatch(/coaching met Robin halen|get out of coaching|wanneer het je|suits you/);
    expect(await statusOf(pair)).toBe('scheduled');
  });

  it('inside the preparation, "let\'s prepare" is the answer to the question asked', async () => {
    const pair = await typedPreparation('en-GB');
    await pair.sam.send("let's prepare").expectReply(/Noted ✓/);
    const [session] = await pair.h.sessions.listForTrajectory(pair.trajectoryId);
    expect(session?.preparation.goal).toBe("let's prepare");
  });
});

describe('with nothing open, "let\'s prepare" is what the bot offers when it cannot place a message', () => {
  it.each([
    ['en', "let's prepare", /What would you like to get out of coaching/],
    ['en', 'Can we prepare my conversation?', /What would you like to get out of coaching/],
    ['nl', 'laten we voorbereiden', /Wat wil je uit de coaching met Robin halen/],
  ] as const)('%s: %j starts the preparation', async (lang, text, ask) => {
    const { sam } = await typedPair(locale(lang === 'nl'));
    await sam.send(text).expectReply(ask);
  });

  it.each([
    ['en', "let's start", /I'm not sure what you mean/],
    ['en', 'I want to prepare my presentation better', /I'm not sure what you mean/],
    ['en', "let's not prepare", /I'm not sure what you mean/],
    ['nl', 'ik wil mijn presentatie beter voorbereiden', /Ik weet niet precies wat je bedoelt/],
  ] as const)('%s: %j does not', async (lang, text, unknown) => {
    const { sam } = await typedPair(locale(lang === 'nl'));
    await sam.send(text).expectReply(unknown);
  });
});

describe("the preparation's summary, answered in a sentence", () => {
  it.each([
    ['en', 'send it to Robin'],
    ['en', 'please send it'],
    ['en', 'ok send it to my coach'],
    ['en', 'Yes, you can send it on to Robin. Thanks!'],
    ['nl', 'stuur maar naar Robin'],
    ['nl', 'ja, stuur het door'],
    ['nl', 'Je mag het naar mijn coach sturen'],
    ['en', 'Yes please!'],
    ['en', 'go ahead'],
    ['nl', 'ja graag'],
    ['nl', 'doe maar'],
  ] as const)('%s: %j sends it to the coach', async (lang, text) => {
    const nl = lang === 'nl';
    const pair = await atSummary(nl);
    await pair.sam.send(text).expectReply(nl ? /Verstuurd naar Robin ✓/ : /Sent to Robin ✓/);
    expect(await statusOf(pair)).toBe('prepared');
  });

  it.each([
    ['en', "I'd like to change something first", /Which part would you like to change/],
    ['nl', 'ik wil nog iets aanpassen', /Welk deel wil je wijzigen/],
  ] as const)('%s: %j asks which part', async (lang, text, ask) => {
    const pair = await atSummary(lang === 'nl');
    await pair.sam.send(text).expectReply(ask);
    expect(await statusOf(pair)).not.toBe('prepared');
  });

  it.each([
    ['en', 'send it to my team', /send this to your coach, or change something first/],
    ['en', "don't send it yet", /send this to your coach, or change something first/],
    ['nl', 'stuur het nog niet', /naar je coach sturen, of wil je eerst nog iets wijzigen/],
  ] as const)('%s: %j sends nothing and asks again', async (lang, text, hint) => {
    const pair = await atSummary(lang === 'nl');
    await pair.sam.send(text).expectReply(hint);
    expect(await statusOf(pair)).not.toBe('prepared');
  });

  it('while a reflective question is open, "send" in a sentence is the answer to it', async () => {
    const pair = await typedPreparation('en-GB');
    const report = /Tell it like a short travel report/;
    for (let i = 0; i < 10 && !report.test(await last(pair.sam)); i++) await pair.sam.send('skip');
    await pair.sam.expectReply(report);
    await pair.sam.send('I want to send the report to my team earlier');
    const [session] = await pair.h.sessions.listForTrajectory(pair.trajectoryId);
    expect(session?.preparation.report).toBe('I want to send the report to my team earlier');
    expect(session?.status).toBe('preparing');
  });
});
