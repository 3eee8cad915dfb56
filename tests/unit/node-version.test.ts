/**
 * The Node version the project states is the one its dependencies need, and an older Node is stopped before any of
 * them loads, with one sentence (tools/check-node.mjs; on Node 20 undici 8 would otherwise crash on import).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const floor = (range: string): number[] => (/(\d+)\.(\d+)\.(\d+)/.exec(range)?.slice(1, 4) ?? []).map(Number);
const atLeast = (a: number[], b: number[]): boolean => {
  for (let i = 0; i < 3; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};
const preflight = new URL('tools/check-node.mjs', root).pathname;
const pretend = (version: string) =>
  spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`, preflight],
    { encoding: 'utf8' },
  );

describe('Node version', () => {
  it('engines is at least what undici (Slack Socket Mode) and nock declare', () => {
    const ours = floor(pkg.engines.node);
    for (const dep of ['undici', 'nock', 'mongoose', 'mongodb']) {
      const manifest = readFileSync(new URL(`node_modules/${dep}/package.json`, root), 'utf8');
      const theirs = (JSON.parse(manifest) as { engines: { node: string } }).engines.node;
      expect(atLeast(ours, floor(theirs)), `${dep} needs ${theirs}`).toBe(true);
    }
    expect(pkg.engines.node).toBe('>=22.20.0');
  });

  it('.nvmrc says 24', () => {
    expect(readFileSync(new URL('.nvmrc', root), 'utf8').trim()).toBe('24');
  });

  it('npm start and npm run dev check the version before TypeScript loads', () => {
    expect(pkg.scripts.start).toMatch(/^node tools\/check-node\.mjs && tsx /);
    expect(pkg.scripts.dev).toMatch(/^node tools\/check-node\.mjs && tsx /);
  });

  it('an older Node stops with one sentence naming the version to install', () => {
    const run = pretend('20.11.1');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'This app needs Node.js 22.20.0 or newer and this is Node.js 20.11.1: install Node.js 24 (the version in .nvmrc, e.g. `nvm install`) and run it again.',
    ]);
    expect(pretend('22.19.0').status).toBe(1);
    expect(pretend('22.20.0').status).toBe(0);
    expect(pretend('24.1.0').status).toBe(0);
  });

  it.runIf(
    existsSync('/usr/bin/node') &&
      !execFileSync('/usr/bin/node', ['--version'], { encoding: 'utf8' }).startsWith('v2'.concat('4')),
  )("with the machine's own older Node, if it has one", () => {
    const version = execFileSync('/usr/bin/node', ['--version'], { encoding: 'utf8' }).trim().slice(1);
    if (atLeast(floor(version), floor(pkg.engines.node))) return;
    const run = spawnSync('/usr/bin/node', [preflight], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`this is Node.js ${version}: install Node.js 24`);
  });
});
