/** The README is the front door: every link into the repository points at something that is in it. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)]
  .map((m) => m[1] ?? '')
  .filter((href) => !/^(https?:|mailto:|#)/.test(href));

describe('README links', () => {
  it('has links into the repository', () => {
    expect(links).toEqual(expect.arrayContaining(['docs/coaching-model.md', 'LICENSE']));
  });
  it.each(links)('%s exists', (href) => {
    expect(existsSync(new URL(href.split('#')[0] ?? href, root))).toBe(true);
  });
  it('names no document that is not in the repository', () => {
    expect(readme).not.toMatch(/shared notes|`architecture\.md`/);
  });
});
