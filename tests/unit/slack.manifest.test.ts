/** The Slack manifest asks for exactly what the code uses, and subscribes to what the listeners handle. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_BOT_SCOPES } from '../../src/channels/slack/slack.channel.js';

const manifest = readFileSync(new URL('../../manifests/slack/manifest.yaml', import.meta.url), 'utf8');

/** The items of the YAML list that follows `key:` (indented "- item" lines). */
function listAfter(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  expect(start, `${key} in the manifest`).toBeGreaterThanOrEqual(0);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s+- (\S+)$/.exec(line);
    if (!m?.[1]) break;
    items.push(m[1]);
  }
  return items;
}

describe('manifests/slack/manifest.yaml', () => {
  it('asks for the bot scopes the OAuth install asks for, and no others', () => {
    expect(listAfter('bot').sort()).toEqual([...SLACK_BOT_SCOPES].sort());
  });

  it('subscribes to the events the listeners handle', () => {
    expect(listAfter('bot_events').sort()).toEqual([
      'app_home_opened',
      'app_uninstalled',
      'message.im',
      'tokens_revoked',
    ]);
  });

  it('has the /coach command, a writable messages tab, the Home tab, interactivity and Socket Mode', () => {
    expect(manifest).toMatch(/- command: \/coach\n/);
    expect(manifest).toMatch(/messages_tab_enabled: true/);
    expect(manifest).toMatch(/messages_tab_read_only_enabled: false/);
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true/);
    expect(manifest).toMatch(/socket_mode_enabled: true/);
    for (const url of manifest.match(/https:\/\/coach\.example\.com\/\S+/g) ?? [])
      expect(url).toMatch(/\/slack\/(events|oauth_redirect)$/);
  });
});
