import { describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { classifySlackError, platformErrorCode } from '../../src/channels/slack/slack-errors.classifier.js';
import { commandBody, isPersonDm, plainTextFromSlack } from '../../src/channels/slack/slack-inbound.translator.js';
import { parseReference, profileOf } from '../../src/channels/slack/slack.directory.js';
import { DeliveryError } from '../../src/core/messenger.js';

describe('Slack payloads to engine events', () => {
  it('undoes Slack markup but keeps user mentions for the directory', () => {
    expect(plainTextFromSlack('my coach is <@U0CARLA> or <mailto:carla@example.com|carla@example.com>')).toBe(
      'my coach is <@U0CARLA> or carla@example.com',
    );
    expect(plainTextFromSlack('see <https://example.com/a?b=1|the plan> and <https://x.test>')).toBe(
      'see the plan and https://x.test',
    );
    expect(plainTextFromSlack('in <#C123|general> cc <!here> <!subteam^S1|@coaches>')).toBe(
      'in #general cc @here @coaches',
    );
    expect(plainTextFromSlack('a &lt; b &amp;&amp; c &gt; d')).toBe('a < b && c > d');
  });

  it('turns /coach <words> into the typed command, and a bare /coach into help', () => {
    expect(commandBody('agenda')).toEqual({ type: 'command', name: 'agenda', args: '' });
    expect(commandBody('  next   session ')).toEqual({ type: 'command', name: 'next', args: 'session' });
    expect(commandBody('join ABC123')).toEqual({ type: 'command', name: 'join', args: 'ABC123' });
    expect(commandBody('')).toEqual({ type: 'command', name: 'help', args: '' });
  });

  it('accepts only a person writing in a DM', () => {
    const base = { type: 'message' as const, channel: 'D1', channel_type: 'im', user: 'U1', text: 'hi', ts: '1.1' };
    expect(isPersonDm(base, 'U0BOT')).toBe(true);
    expect(isPersonDm({ ...base, user: 'U0BOT' }, 'U0BOT')).toBe(false);
    expect(isPersonDm({ ...base, bot_id: 'B1' }, 'U0BOT')).toBe(false);
    expect(isPersonDm({ ...base, subtype: 'message_changed' }, 'U0BOT')).toBe(false);
    expect(isPersonDm({ ...base, channel_type: 'channel' }, 'U0BOT')).toBe(false);
  });
});

describe('people references and profiles', () => {
  it('reads mentions, user ids and e-mail addresses; nothing else', () => {
    expect(parseReference('<@U0CARLA>')).toEqual({ userId: 'U0CARLA' });
    expect(parseReference(' <@W0ORG|carla> ')).toEqual({ userId: 'W0ORG' });
    expect(parseReference('U0CARLA12')).toEqual({ userId: 'U0CARLA12' });
    expect(parseReference('carla@example.com')).toEqual({ email: 'carla@example.com' });
    expect(parseReference('<mailto:carla@example.com|carla@example.com>')).toEqual({ email: 'carla@example.com' });
    expect(parseReference('Carla from HR')).toBeNull();
    expect(parseReference('<#C123|general>')).toBeNull();
  });

  it('prefers the display name and carries tz and locale', () => {
    expect(
      profileOf({
        id: 'U1',
        name: 'carla',
        real_name: 'Carla de Vries',
        tz: 'Europe/Amsterdam',
        locale: 'nl-NL',
        profile: { display_name: 'Carla', email: 'c@example.com' },
      }),
    ).toEqual({ displayName: 'Carla', email: 'c@example.com', locale: 'nl-NL', timeZone: 'Europe/Amsterdam' });
    expect(profileOf({ id: 'U1', name: 'carla', real_name: 'Carla de Vries', profile: { display_name: '' } })).toEqual({
      displayName: 'Carla de Vries',
    });
  });
});

describe('Web API errors for the scheduler', () => {
  const platform = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });
  it('keeps Retry-After from a 429', () => {
    expect(classifySlackError(new webApi.WebAPIRateLimitedError(12))).toEqual({
      kind: 'transient',
      reason: 'rate_limited',
      retryAfterMs: 12_000,
    });
  });
  it('separates permanent from transient platform errors', () => {
    expect(classifySlackError(platform('account_inactive'))).toEqual({ kind: 'permanent', reason: 'account_inactive' });
    expect(classifySlackError(platform('is_archived'))).toEqual({ kind: 'permanent', reason: 'is_archived' });
    expect(classifySlackError(platform('internal_error'))).toEqual({ kind: 'transient', reason: 'internal_error' });
    // A refused rendering is our bug: never a reason to mark the person unreachable.
    expect(classifySlackError(platform('invalid_blocks')).kind).toBe('transient');
    expect(classifySlackError(new webApi.WebAPIHTTPError(502, 'Bad Gateway', {}))).toEqual({
      kind: 'transient',
      reason: 'http_502',
    });
    expect(classifySlackError(new webApi.WebAPIRequestError(new Error('ECONNRESET')))).toEqual({
      kind: 'transient',
      reason: 'network',
    });
  });
  it('finds the Slack code inside a wrapped error', () => {
    expect(
      platformErrorCode(new DeliveryError({ kind: 'permanent', reason: 'x' }, { cause: platform('user_not_found') })),
    ).toBe('user_not_found');
    expect(platformErrorCode(new Error('plain'))).toBeUndefined();
  });
});
