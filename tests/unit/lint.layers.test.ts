/**
 * The house rules as tools (issue 16): `npm run lint` fails on an import cycle, on the scheduler importing coaching
 * internals, on a formatting difference and on a non-exhaustive switch. Each is shown here against the project's own
 * configuration, on small probe files, so a rule that rots makes this test fail.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type ICruiseOptions, type IReporterOutput } from 'dependency-cruiser';
import { ESLint } from 'eslint';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const require = createRequire(import.meta.url);
const depcruiseConfig = require(join(root, '.dependency-cruiser.cjs')) as { forbidden: ICruiseOptions['ruleSet'] };

/** Cruises a small tree of probe files written into a temporary folder laid out like the project. */
async function violationsIn(files: Record<string, string>): Promise<string[]> {
  const base = await mkdtemp(join(tmpdir(), 'layers-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(base, path)), { recursive: true });
      await writeFile(join(base, path), text);
    }
    const cwd = process.cwd();
    process.chdir(base);
    try {
      const result: IReporterOutput = await cruise(['src'], {
        validate: true,
        ruleSet: { forbidden: depcruiseConfig.forbidden },
        tsPreCompilationDeps: true,
        exclude: { path: 'node_modules' },
      } as ICruiseOptions);
      const output = result.output;
      if (typeof output === 'string') throw new Error('expected a cruise result');
      return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    } finally {
      process.chdir(cwd);
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

describe('layer and cycle check (dependency-cruiser)', () => {
  it('fails on an import cycle', async () => {
    const violations = await violationsIn({
      'src/coaching/a.ts': "import { b } from './b.js';\nexport const a = (): number => b();\n",
      'src/coaching/b.ts': "import { a } from './a.js';\nexport const b = (): number => a();\n",
    });
    expect(violations.some((v) => v.startsWith('no-cycle:'))).toBe(true);
  }, 60_000);

  it('fails when the scheduler imports coaching internals', async () => {
    const violations = await violationsIn({
      'src/coaching/notices/agreement.ts': 'export const rule = 1;\n',
      'src/scheduler/planner.ts': "import { rule } from '../coaching/notices/agreement.js';\nexport const x = rule;\n",
    });
    expect(violations).toContain(
      'scheduler-only-delivers: src/scheduler/planner.ts -> src/coaching/notices/agreement.ts',
    );
  }, 60_000);

  it('fails when the domain imports an adapter, and when a channel reaches the store', async () => {
    const violations = await violationsIn({
      'src/store/people.repo.ts': 'export const repo = 1;\n',
      'src/coaching/flow.ts': "import { repo } from '../store/people.repo.js';\nexport const x = repo;\n",
      'src/channels/slack/slack.channel.ts':
        "import { repo } from '../../store/people.repo.js';\nexport const y = repo;\n",
    });
    expect(violations).toEqual(
      expect.arrayContaining([
        'coaching-depends-on-ports: src/coaching/flow.ts -> src/store/people.repo.ts',
        'channels-only-translate: src/channels/slack/slack.channel.ts -> src/store/people.repo.ts',
      ]),
    );
  }, 60_000);

  it('accepts the allowed directions', async () => {
    const violations = await violationsIn({
      'src/core/clock.ts': 'export const now = (): number => 1;\n',
      'src/coaching/model.ts': "import { now } from '../core/clock.js';\nexport const m = now();\n",
      'src/store/people.repo.ts': "import { m } from '../coaching/model.js';\nexport const r = m;\n",
      'src/scheduler/dispatcher.ts': "import { now } from '../core/clock.js';\nexport const d = now();\n",
    });
    expect(violations).toEqual([]);
  }, 60_000);
});

describe('formatting check (prettier)', () => {
  it('is part of npm run lint and fails on a formatting difference', async () => {
    const scripts = (
      JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.lint).toMatch(/prettier --check \./);
    expect(scripts.lint).toMatch(/lint:layers/);
    const options = { ...(await prettier.resolveConfig(join(root, 'src/x.ts'))), filepath: join(root, 'src/x.ts') };
    expect(await prettier.check("export const a = {b:1,  c:'x'}\n", options)).toBe(false);
    expect(await prettier.check("export const a = { b: 1, c: 'x' };\n", options)).toBe(true);
  });
});

describe('type-aware lint (typescript-eslint)', () => {
  const eslint = new ESLint({ cwd: root });

  /** Lints text as if it were a file of the project (the path is matched by eslint.config.js; nothing is written). */
  async function lintProbe(text: string): Promise<string[]> {
    const [result] = await eslint.lintText(text, { filePath: join(root, 'tests/lint-probe/probe.ts') });
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  }

  it('fails on a non-exhaustive switch over a union', async () => {
    const rules = await lintProbe(
      [
        "type Kind = 'a' | 'b' | 'c';",
        'export function f(k: Kind): number {',
        '  switch (k) {',
        "    case 'a':",
        '      return 1;',
        "    case 'b':",
        '      return 2;',
        '  }',
        '  return 0;',
        '}',
        '',
      ].join('\n'),
    );
    expect(rules).toEqual(['@typescript-eslint/switch-exhaustiveness-check']);
  }, 120_000);

  it('fails on a floating promise', async () => {
    const rules = await lintProbe(
      'async function work(): Promise<void> {}\nexport function f(): void {\n  work();\n}\n',
    );
    expect(rules).toEqual(['@typescript-eslint/no-floating-promises']);
  }, 120_000);
});

describe('size and cast rules in src', () => {
  const eslint = new ESLint({ cwd: root });
  const rulesFor = async (text: string): Promise<string[]> => {
    const [result] = await eslint.lintText(text, { filePath: join(root, 'src/coaching/lint-probe.ts') });
    return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
  };

  it('refuses a function over 60 lines and a file over 300 lines', async () => {
    const body = Array.from({ length: 60 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const sum = Array.from({ length: 60 }, (_, i) => `v${i}`).join(' + ');
    const longFunction = `export function long(): number {\n${body}\n  return ${sum};\n}\n`;
    expect(await rulesFor(longFunction)).toContain('max-lines-per-function');
    const longFile = Array.from({ length: 301 }, (_, i) => `export const c${i} = ${i};`).join('\n') + '\n';
    expect(await rulesFor(longFile)).toContain('max-lines');
  }, 120_000);

  it('refuses `as unknown as`', async () => {
    expect(await rulesFor('const n = 1;\nexport const s = n as unknown as string;\n')).toContain(
      'no-restricted-syntax',
    );
  }, 120_000);
});
