/** Every variable the configuration reads is documented in .env.example and in the README table, so docs cannot rot. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema } from '../../src/config.js';

const variables = Object.keys(envSchema.shape);
const envExample = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('configuration docs', () => {
  it('reads a known set of variables', () => {
    expect(variables.length).toBeGreaterThan(20);
  });
  it.each(variables)('documents %s in .env.example and the README table', (name) => {
    expect(envExample).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });
  it('documents nothing the configuration does not read', () => {
    const documented = [...envExample.matchAll(/^# ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(documented.filter((name) => !variables.includes(name ?? ''))).toEqual([]);
  });
});
