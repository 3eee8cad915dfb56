/// <reference lib="dom" />
/**
 * The web chat page in real headless Chromium, against the real runtime (store, engine, HTTP, channels, scheduler)
 * as `npm start` composes it: it loads without the network, a keyboard user can talk and press buttons, new
 * messages are announced, and the language toggle switches the page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { chromiumAvailable, launchBrowser, startWebRuntime, stopWebRuntime, WebChatPage } from './web.browser.js';

/** In CI the browser must be there (.ci/run installs it); on a laptop without it, say so instead of failing. */
const run = chromiumAvailable() || process.env.CI ? describe : describe.skip;

run('web chat page in Chromium', () => {
  let runtime: Runtime;
  let browser: Browser;
  let chat: WebChatPage;

  beforeAll(async () => {
    runtime = await startWebRuntime();
    browser = await launchBrowser();
    chat = await WebChatPage.open(browser, `http://127.0.0.1:${runtime.address.port}`, 'page');
  });
  afterAll(async () => {
    await browser?.close();
    await stopWebRuntime(runtime);
  });

  it('loads with both demo people, their welcome, and nothing from another host', async () => {
    await expect(chat.page.title()).resolves.toBe('Coaching assistant – web chat');
    // Each chat starts with the person's dashboard (what the engine says; its wording is the domain's).
    for (const who of ['sam', 'robin'] as const) {
      const welcome = await runtime.app.dashboardFor({ channel: 'web', tenantId: 'local', userId: who });
      await chat.expectBot(who, welcome.text);
    }
    expect(await chat.panel('sam').getByRole('heading', { level: 2 }).textContent()).toContain('Demo: Sam (employee)');
    expect(await chat.panel('robin').getByRole('heading', { level: 2 }).textContent()).toContain('Demo: Robin (coach)');
    await chat.screenshot('page-loaded');
    expect(chat.foreignRequests).toEqual([]);
    expect(chat.pageErrors).toEqual([]);
  });

  it('can be used with the keyboard alone, and announces new messages', async () => {
    const { page } = chat;
    // The first Tab stops are the skip links; following one lands in Sam's message box.
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to Sam');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('msg-sam');
    await page.keyboard.type('help');
    const before = await chat.countBot('sam');
    await page.keyboard.press('Enter');
    await chat.waitForMoreBot('sam', before);
    const newest = (await chat.log('sam').locator('li.msg-bot').last().locator('.msg-text').textContent()) ?? '';
    await expect.poll(() => page.locator('#announcer').textContent()).toBe(`New message for Sam: ${newest}`);
    // After a typed line focus stays in the message box; the reply's buttons are reached with Shift+Tab.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('msg-sam');
    await page.keyboard.press('Shift+Tab');
    const label = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(
      await page.evaluate(() => document.activeElement?.matches('li.msg-bot:last-child button[data-action]')),
    ).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).toBe('solid');
    const count = await chat.countBot('sam');
    await page.keyboard.press('Enter');
    await chat.waitForMoreBot('sam', count);
    await expect.poll(() => chat.log('sam').locator('li.msg-me').last().textContent()).toContain(label);
    await chat.screenshot('keyboard');
  });

  it('switches the page to Dutch and keeps the chats after a reload', async () => {
    const messages = await chat.log('sam').locator('li.msg').count();
    await chat.page.getByRole('button', { name: 'Nederlands' }).click();
    await chat.page.waitForFunction(() => document.documentElement.lang === 'nl');
    await chat.page
      .locator('#log-sam .msg')
      .nth(messages - 1)
      .waitFor();
    expect(await chat.log('sam').locator('li.msg').count()).toBe(messages);
    await chat.page.getByRole('heading', { name: /Demo: Sam \(medewerker\)/ }).waitFor();
    await chat.say('sam', 'hulp');
    await chat.expectBot('sam', 'Dit kan ik voor je doen');
    await chat.screenshot('dutch');
    await chat.page.getByRole('button', { name: 'English' }).click();
    await chat.page.waitForFunction(() => document.documentElement.lang === 'en');
  });
});
