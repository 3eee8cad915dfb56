/// <reference lib="dom" />
/**
 * Drives the web chat in real headless Chromium (Debian's `chromium` through playwright-core): the same clicks,
 * keys and reading a person does. Each helper waits for what a person would wait for (a reply in the right chat),
 * never a fixed time.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { startRuntime, type Runtime } from '../../src/runtime.js';
import { connectMongo } from '../../src/store/connection.js';
import { mongoUri } from '../support/db.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS_DIR = join('test-output', 'e2e');

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The real runtime as `npm start` composes it (store, engine, HTTP, channels, scheduler, development clock) on a
 * fresh database and a free port. The scheduler ticks every second, as a person waiting at the page would expect.
 */
export async function startWebRuntime(): Promise<Runtime> {
  // A fresh database on the run's server, whatever database or options the given URI names.
  const [, server = '', options = ''] = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(?:\/[^?]*)?(\?.*)?$/.exec(mongoUri()) ?? [];
  const uri = `${server}/e2e_${randomUUID().slice(0, 8)}${options}`;
  const config = loadConfig({
    NODE_ENV: 'development',
    WEB_CHAT: 'on',
    DEV_CLOCK: 'true',
    HOST: '127.0.0.1',
    PORT: '0',
    MONGODB_URI: uri,
    LOG_LEVEL: 'silent',
    SCHEDULER_CRON: '* * * * * *',
  });
  return startRuntime(config, silentLogger);
}

export async function stopWebRuntime(runtime: Runtime | undefined): Promise<void> {
  if (!runtime) return;
  await runtime.stop();
  const uri = runtime.config.MONGODB_URI;
  if (uri) {
    const connection = await connectMongo(uri);
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

export type Who = 'sam' | 'robin';

export class WebChatPage {
  /** Requests the page made to anything but its own server (there must be none: it works offline). */
  readonly foreignRequests: string[] = [];
  readonly pageErrors: string[] = [];
  private shot = 0;

  constructor(
    readonly page: Page,
    readonly baseUrl: string,
    /** Names this suite's screenshots (`cycle-01-….png`), so suites never overwrite each other's. */
    readonly prefix: string,
  ) {
    page.on('request', (r) => {
      if (!r.url().startsWith(baseUrl) && !r.url().startsWith('data:')) this.foreignRequests.push(r.url());
    });
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
  }

  static async open(browser: Browser, baseUrl: string, prefix: string): Promise<WebChatPage> {
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/Amsterdam',
    });
    const chat = new WebChatPage(page, baseUrl, prefix);
    await page.goto(`${baseUrl}/`);
    await page.locator('#log-sam .msg').first().waitFor();
    return chat;
  }

  panel(who: Who): Locator {
    return this.page.locator(`section.panel[data-user="${who}"]`);
  }

  log(who: Who): Locator {
    return this.page.locator(`#log-${who}`);
  }

  /** The newest bot message in a chat whose text matches. */
  botMessage(who: Who, text: string | RegExp): Locator {
    return this.log(who).locator('li.msg-bot').filter({ hasText: text }).last();
  }

  async countBot(who: Who): Promise<number> {
    return this.log(who).locator('li.msg-bot').count();
  }

  /** Types a line in a person's message box and sends it with Enter, as a keyboard user does. */
  async say(who: Who, text: string): Promise<void> {
    const before = await this.countBot(who);
    const box = this.page.locator(`#msg-${who}`);
    await box.fill(text);
    await box.press('Enter');
    await this.waitForMoreBot(who, before);
  }

  /** Presses the newest button with this label in a person's chat. */
  async press(who: Who, label: string | RegExp): Promise<void> {
    const before = await this.countBot(who);
    await this.log(who).getByRole('button', { name: label }).last().click();
    await this.waitForMoreBot(who, before);
  }

  /** Fills the newest form in a person's chat by label, then submits it. */
  async submitForm(who: Who, values: Readonly<Record<string, string>>): Promise<void> {
    const form = this.log(who).locator('form.msg-form').last();
    for (const [label, value] of Object.entries(values)) {
      const control = form.getByLabel(label, { exact: false }).first();
      const tag = await control.evaluate((el) => el.tagName);
      if (tag === 'SELECT') await control.selectOption({ label: value });
      else await control.fill(value);
    }
    const before = await this.countBot(who);
    await form.locator('button[type="submit"]').click();
    await this.waitForMoreBot(who, before);
  }

  async waitForMoreBot(who: Who, before: number, timeout = 15_000): Promise<void> {
    await this.log(who).locator('li.msg-bot').nth(before).waitFor({ timeout });
  }

  /** Waits until a person's chat shows a bot message matching the text (a reply or a scheduled message). */
  async expectBot(who: Who, text: string | RegExp, timeout = 20_000): Promise<Locator> {
    const message = this.botMessage(who, text);
    await message.waitFor({ timeout });
    return message;
  }

  /** Presses one of the time controls and waits for the clock to answer. */
  async moveClock(kind: 'hour' | 'day' | 'next'): Promise<string> {
    const status = this.page.locator('#clock-status');
    await status.evaluate((el) => (el.textContent = ''));
    await this.page.locator(`button[data-clock="${kind}"]`).click();
    await this.page.waitForFunction(() => (document.getElementById('clock-status')?.textContent ?? '') !== '');
    return (await status.textContent()) ?? '';
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SHOTS_DIR, { recursive: true });
    this.shot += 1;
    const path = join(SHOTS_DIR, `${this.prefix}-${String(this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path, animations: 'disabled' });
    return path;
  }
}
