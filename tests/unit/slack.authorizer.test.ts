import { describe, expect, it } from 'vitest';
import type { AuthorizeResult } from '@slack/bolt';
import { InstallationAuthorizer } from '../../src/channels/slack/slack.authorizer.js';

/** The installer's port: what it was asked, and a token per call. */
function installer(results: (() => AuthorizeResult)[]) {
  const asked: unknown[] = [];
  return {
    asked,
    authorize: async (query: unknown) => {
      asked.push(query);
      const next = results.shift();
      if (!next) throw new Error('no installation');
      return next();
    },
  };
}

describe('InstallationAuthorizer', () => {
  it('reuses a workspace token for a few minutes, then asks the installer again', async () => {
    let now = 1_000_000;
    const fake = installer([() => ({ botToken: 'xoxb-1' }), () => ({ botToken: 'xoxb-2' })]);
    const auth = new InstallationAuthorizer(fake, undefined, 60_000, () => now);
    expect(await auth.botToken('T1')).toBe('xoxb-1');
    now += 59_000;
    expect(await auth.botToken('T1')).toBe('xoxb-1');
    now += 2_000;
    expect(await auth.botToken('T1')).toBe('xoxb-2');
    expect(fake.asked).toEqual([
      { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false },
      { teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false },
    ]);
  });

  it('never reuses a rotating token past the point where the installer refreshes it (2 hours before expiry)', async () => {
    let now = 10_000_000_000;
    const expiresAt = Math.floor((now + 2 * 3_600_000 + 30_000) / 1000);
    const fake = installer([
      () => ({ botToken: 'xoxb-a', botTokenExpiresAt: expiresAt }),
      () => ({ botToken: 'xoxb-b', botTokenExpiresAt: expiresAt + 43_200 }),
    ]);
    const auth = new InstallationAuthorizer(fake, undefined, 5 * 60_000, () => now);
    expect(await auth.botToken('T1')).toBe('xoxb-a');
    now += 20_000;
    expect(await auth.botToken('T1')).toBe('xoxb-a');
    now += 20_000; // 40 s: inside the 5-minute cache, but past expiry − 2 h
    expect(await auth.botToken('T1')).toBe('xoxb-b');
    expect(fake.asked).toHaveLength(2);
  });

  it('does not cache a token that is already due for refresh', async () => {
    const now = 10_000_000_000;
    const fake = installer([
      () => ({ botToken: 'xoxb-a', botTokenExpiresAt: Math.floor(now / 1000) + 3600 }),
      () => ({ botToken: 'xoxb-b' }),
    ]);
    const auth = new InstallationAuthorizer(fake, undefined, 5 * 60_000, () => now);
    expect(await auth.botToken('T1')).toBe('xoxb-a');
    expect(await auth.botToken('T1')).toBe('xoxb-b');
  });

  it('forgets a workspace on request', async () => {
    const fake = installer([() => ({ botToken: 'xoxb-1' }), () => ({ botToken: 'xoxb-2' })]);
    const auth = new InstallationAuthorizer(fake);
    expect(await auth.botToken('T1')).toBe('xoxb-1');
    auth.forget('T1');
    expect(await auth.botToken('T1')).toBe('xoxb-2');
  });

  it('fails for a workspace without an installation and without a fallback token', async () => {
    const auth = new InstallationAuthorizer(installer([]));
    await expect(auth.botToken('T9')).rejects.toThrow(/no installation/);
  });
});
