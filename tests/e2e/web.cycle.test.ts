/// <reference lib="dom" />
/**
 * The whole coaching cycle in real headless Chromium, played on both sides of the web chat as a visitor would:
 * Sam starts a trajectory → Robin accepts → time moves → Sam prepares → Robin reads the digest → after the
 * conversation Sam records an agreement with a date in the form (a past date is refused inline first) → time moves →
 * the nudge arrives → Sam marks it done → Robin sees it done. Screenshots of the key moments go to test-output/e2e/.
 *
 * Against the real runtime (store, engine, HTTP, channels, scheduler, development clock). The wording it waits for is
 * the English catalogue's; each wait names what a person would look for.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import type { Runtime } from '../../src/runtime.js';
import {
  chromiumAvailable,
  launchBrowser,
  startWebRuntime,
  stopWebRuntime,
  WebChatPage,
  type Who,
} from './web.browser.js';

const run = chromiumAvailable() || process.env.CI ? describe : describe.skip;

/** The next Monday 08:00 UTC (09:00 in Amsterdam) after `now`: the cycle then meets the same weekdays on every run. */
function nextMondayMorning(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 8));
  do at.setUTCDate(at.getUTCDate() + 1);
  while (at.getUTCDay() !== 1);
  return at;
}

/** `YYYY-MM-DD` in Amsterdam, `days` after `from`, moved forward to a Tuesday–Thursday (away from weekends). */
function weekdayAfter(from: Date, days: number): string {
  const day = new Date(from.getTime() + days * 86_400_000);
  while (![2, 3, 4].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

const AGREEMENT = 'Plan a 10-minute feedback moment every Friday';

run('the whole coaching cycle in the browser', () => {
  let runtime: Runtime;
  let browser: Browser;
  let chat: WebChatPage;

  beforeAll(async () => {
    runtime = await startWebRuntime();
    if (!(runtime.clock instanceof ManualClock)) throw new Error('the e2e needs the development clock');
    runtime.clock.advanceTo(nextMondayMorning(runtime.clock.now()));
    browser = await launchBrowser();
    chat = await WebChatPage.open(browser, `http://127.0.0.1:${runtime.address.port}`, 'cycle');
  });
  afterAll(async () => {
    await browser?.close();
    await stopWebRuntime(runtime);
  });

  /** Moves the clock to the next scheduled message until `who` sees a message matching `text` (at most `max` jumps). */
  async function nextUntil(who: Who, text: RegExp, max = 8): Promise<void> {
    for (let i = 0; i < max; i++) {
      if ((await chat.botMessage(who, text).count()) > 0) return;
      const status = await chat.moveClock('next');
      if (/Nothing is scheduled/.test(status)) break;
      await chat
        .botMessage(who, text)
        .waitFor({ timeout: 4_000 })
        .catch(() => undefined);
    }
    await chat.expectBot(who, text, 2_000);
  }

  it(
    'goes from a new trajectory to an agreement done, with both people in their own chat',
    { timeout: 240_000 },
    async () => {
      const sessionDate = weekdayAfter(runtime.clock.now(), 8);

      // 1. Sam (employee) starts a trajectory and names Robin as coach; the web directory resolves "Robin".
      await chat.say('sam', 'start');
      await chat.expectBot('sam', /goal/i);
      await chat.say('sam', 'Give clearer feedback to my team');
      await chat.expectBot('sam', /Who would you like as your coach/);
      await chat.say('sam', 'Robin');
      await chat.press('sam', 'every 14 days');
      await chat.expectBot('sam', /first conversation/i);
      await chat.say('sam', `${sessionDate} 10:00`);
      await chat.press('sam', '60 min');
      await chat.expectBot('sam', /Shall I send the invitation/);
      await chat.press('sam', 'Send the invitation');
      await chat.expectBot('sam', /Invitation sent to Robin/);

      // 2. Robin (coach) gets the invitation in their own chat, marked as scheduled, and accepts.
      const invitation = await chat.expectBot('robin', /Sam would like you to be their coach/);
      expect(await invitation.getAttribute('class')).toContain('msg-proactive');
      expect(await chat.botMessage('sam', /would like you to be their coach/).count()).toBe(0);
      await chat.screenshot('invitation-for-the-coach');
      await chat.press('robin', 'Accept');
      await chat.expectBot('robin', /you are now coaching Sam/);
      await chat.expectBot('sam', /Robin said yes/);

      // 3. Time moves to the preparation invitation; Sam prepares (typing answers, pressing buttons).
      await nextUntil('sam', /Would you like to prepare it/);
      await chat.screenshot('preparation-invitation');
      await chat.press('sam', 'Prepare');
      await chat.expectBot('sam', /What would you like to get out of coaching with Robin/);
      await chat.say('sam', 'Find a way to give feedback every week');
      // The first conversation's intake.
      await chat.expectBot('sam', /How do you learn best/);
      await chat.say('sam', 'By trying it out and talking about it');
      await chat.expectBot('sam', /good challenge/);
      await chat.say('sam', 'Giving feedback to a senior colleague');
      await chat.expectBot('sam', /realistic first step/);
      await chat.say('sam', 'One feedback moment this Friday');
      await chat.expectBot('sam', /keep each other informed/);
      await chat.say('sam', 'A short message on Fridays');
      await chat.expectBot('sam', /Where do you stand now/);
      await chat.say(
        'sam',
        'I tried short feedback moments after stand-ups; people liked them, but I skipped them when busy. So I learned short works best.',
      );
      await chat.expectBot('sam', /What made that work/);
      await chat.say('sam', 'That it works when it is short');
      await chat.expectBot('sam', /What has gone well for you lately/);
      await chat.say('sam', 'The team asked me for feedback themselves');
      await chat.press('sam', "That's all");
      await chat.expectBot('sam', /What could go even better/);
      await chat.say('sam', 'Keep feedback moments going when the week is busy');
      await chat.press('sam', "That's all");
      await chat.expectBot('sam', /support from Robin\?/);
      await chat.say('sam', 'Help me plan feedback moments in my calendar');
      await chat.press('sam', "That's all");
      await chat.press('sam', 'Use these as topics');
      await chat.press('sam', "That's all");
      await chat.press('sam', 'Keep this order');
      await chat.press('sam', '45 min');
      await chat.expectBot('sam', /Your preparation for/);
      await chat.screenshot('preparation-summary');
      await chat.press('sam', /Send to Robin/);
      await chat.expectBot('sam', /Sent to Robin/);

      // 4. Robin reads the digest: the agenda Sam prepared, in Robin's chat.
      await chat.say('robin', 'agenda');
      const digest = await chat.expectBot('robin', /Agenda for your conversation with Sam/);
      expect(await digest.textContent()).toContain('Keep feedback moments going when the week is busy');
      await digest.scrollIntoViewIfNeeded();
      await chat.screenshot('coach-reads-the-digest');

      // 5. Time moves past the conversation; Robin confirms it took place; Sam records an agreement in the form.
      await nextUntil('robin', /Did it take place/);
      await chat.press('robin', 'Yes, it took place');
      await chat.expectBot('sam', /What will you do yourself/);
      await chat.press('sam', 'Use the form');
      await chat.submitForm('sam', { What: AGREEMENT, 'By when': '2020-01-06' });
      const refused = await chat.expectBot('sam', /few fields need another look/);
      expect(await refused.locator('[aria-invalid="true"]').count()).toBe(1);
      expect(await refused.locator('.field-error').textContent()).toMatch(/passed/);
      await chat.screenshot('form-with-an-inline-error');
      const due = weekdayAfter(new Date(`${sessionDate}T12:00:00Z`), 3);
      await chat.submitForm('sam', { 'By when': due });
      await chat.expectBot('sam', new RegExp(`Agreed: you will take on “${AGREEMENT}” by`));
      await chat.expectBot('sam', /How feasible is this by/);

      // 6. Time moves until the nudge for the agreement arrives in Sam's chat; Sam marks it done.
      await nextUntil('sam', new RegExp(`${AGREEMENT}.*How (is it going|did it go)`));
      const nudge = chat.botMessage('sam', new RegExp(`${AGREEMENT}.*How (is it going|did it go)`));
      expect(await nudge.getAttribute('class')).toContain('msg-proactive');
      await chat.screenshot('nudge-arrives');
      const count = await chat.countBot('sam');
      await nudge.getByRole('button', { name: 'Done' }).click();
      await chat.waitForMoreBot('sam', count);
      await chat.expectBot('sam', /Marked as done/);

      // 7. Robin sees it done.
      await chat.expectBot('robin', new RegExp(`Sam completed the agreement “${AGREEMENT}”`));
      await chat.screenshot('coach-sees-it-done');

      // Nothing came from the network, and the page never threw.
      expect(chat.foreignRequests).toEqual([]);
      expect(chat.pageErrors).toEqual([]);
    },
  );
});
