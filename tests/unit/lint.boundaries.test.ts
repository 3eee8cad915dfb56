/** The import rule that keeps the core and the domain free of SDKs (docs/style.md #2), checked through ESLint itself. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const snippet = [
  "import mongoose from 'mongoose';",
  "import { App } from '@slack/bolt';",
  "import express from 'express';",
  "import cron from 'node-cron';",
  'export const all = [mongoose, App, express, cron];',
  '',
].join('\n');

const eslint = new ESLint();

async function restrictedImports(filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(snippet, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each(['src/core/lint-probe.ts', 'src/coaching/lint-probe.ts'])(
    'refuses SDK, database, web server and cron imports in %s',
    async (filePath) => {
      const messages = await restrictedImports(filePath);
      expect(messages).toHaveLength(4);
      expect(messages.join('\n')).toMatch(/mongoose/);
      expect(messages.join('\n')).toMatch(/@slack\/bolt/);
      expect(messages.join('\n')).toMatch(/express/);
      expect(messages.join('\n')).toMatch(/node-cron/);
    },
    60_000,
  );

  it('allows them in src/store', async () => {
    const [result] = await eslint.lintText(snippet, { filePath: 'src/store/lint-probe.ts' });
    expect(result?.messages.filter((m) => m.severity === 2)).toEqual([]);
  }, 60_000);
});
