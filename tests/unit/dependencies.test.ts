/**
 * The image installs production dependencies only and runs dist/: each production dependency is one the compiled
 * code imports, and the development tools (tsx, test and lint tooling, pretty logs) are not among them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('production dependencies', () => {
  const code = sources('src')
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

  it('are all used by the code the image runs', () => {
    const unused = Object.keys(pkg.dependencies).filter((dep) => !code.includes(`'${dep}`));
    expect(unused).toEqual([]);
  });

  it('leave the development tools out', () => {
    for (const tool of ['tsx', 'pino-pretty', 'nock', 'vitest', 'typescript', 'eslint', 'prettier'])
      expect(Object.keys(pkg.dependencies), tool).not.toContain(tool);
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['tsx', 'pino-pretty']));
  });
});
