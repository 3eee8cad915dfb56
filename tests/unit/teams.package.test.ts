/** The Teams app package: manifest filled from the environment, real icons, a zip that unpacks to the three files. */
import { readFileSync } from 'node:fs';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/coaching/commands.js';
import { buildPackage, pngInfo } from '../../tools/teams-package.js';
import { localizationProblems, translatableKeys } from '../../tools/teams-localization.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';

/** Reads a zip through its central directory, checking each entry's CRC. */
function unzip(data: Buffer): Map<string, Buffer> {
  const end = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = data.readUInt16LE(end + 10);
  let at = data.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(data.readUInt32LE(at)).toBe(0x02014b50);
    const method = data.readUInt16LE(at + 10);
    const crc = data.readUInt32LE(at + 16);
    const size = data.readUInt32LE(at + 20);
    const nameLength = data.readUInt16LE(at + 28);
    const local = data.readUInt32LE(at + 42);
    const name = data.toString('utf8', at + 46, at + 46 + nameLength);
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    const raw = data.subarray(start, start + size);
    const content = method === 8 ? inflateRawSync(raw) : raw;
    expect(crc32(content), name).toBe(crc);
    files.set(name, content);
    at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
  }
  return files;
}

/** The RGBA pixels of one of our PNGs (single IDAT, filter 0 on every row). */
function pixels(png: Buffer): Uint8Array {
  const { width, height } = pngInfo(png);
  const idat = png.subarray(41, 41 + png.readUInt32BE(33));
  const raw = inflateSync(idat);
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    out.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return out;
}

describe('Teams app package', () => {
  it('zips the manifest with the bot id from MICROSOFT_APP_ID and both icons', () => {
    const { zip } = buildPackage({ MICROSOFT_APP_ID: APP_ID, TEAMS_WEBSITE_URL: 'https://coach.example.com' });
    const files = unzip(zip);
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png', 'nl.json']);
    const manifest = JSON.parse(files.get('manifest.json')?.toString('utf8') ?? '{}') as Record<string, unknown>;
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(manifest).toMatchObject({
      manifestVersion: '1.21',
      id: APP_ID,
      developer: { websiteUrl: 'https://coach.example.com' },
      icons: { color: 'color.png', outline: 'outline.png' },
    });
    const bot = (manifest.bots as Record<string, unknown>[])[0];
    expect(bot).toMatchObject({ botId: APP_ID, scopes: ['personal'], supportsFiles: true });
    const commands = ((bot?.commandLists as { commands: { title: string }[] }[])[0]?.commands ?? []).map(
      (c) => c.title,
    );
    expect(commands).toEqual([
      'help',
      'start',
      'prepare',
      'agenda',
      'agreements',
      'next session',
      'history',
      'settings',
      'end trajectory',
    ]);
    expect(files.get('color.png')?.equals(readFileSync('manifests/teams/color.png'))).toBe(true);
  });

  it('refuses to build without a proper app id', () => {
    expect(() => buildPackage({})).toThrow(/MICROSOFT_APP_ID.*not set/);
    expect(() => buildPackage({ MICROSOFT_APP_ID: 'my-bot' })).toThrow(/GUID/);
    expect(() => buildPackage({ MICROSOFT_APP_ID: APP_ID, TEAMS_PRIVACY_URL: 'http://insecure.example.com' })).toThrow(
      /TEAMS_PRIVACY_URL/,
    );
  });

  it('ships a 192×192 colour icon and a 32×32 outline icon that is white on transparency', () => {
    const color = readFileSync('manifests/teams/color.png');
    expect(pngInfo(color)).toMatchObject({ width: 192, height: 192 });
    const colorPixels = pixels(color);
    expect(colorPixels.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true); // full bleed

    const outline = readFileSync('manifests/teams/outline.png');
    expect(pngInfo(outline)).toEqual({ width: 32, height: 32, colorType: 6 });
    const p = pixels(outline);
    let transparent = 0;
    let drawn = 0;
    for (let i = 0; i < p.length; i += 4) {
      if (p[i + 3] === 0) transparent++;
      else {
        drawn++;
        expect([p[i], p[i + 1], p[i + 2]]).toEqual([255, 255, 255]);
      }
    }
    expect(transparent).toBeGreaterThan(400);
    expect(drawn).toBeGreaterThan(100);
  });

  describe('in Dutch (localizationInfo)', () => {
    const built = () => unzip(buildPackage({ MICROSOFT_APP_ID: APP_ID }).zip);
    const read = (files: Map<string, Buffer>, name: string) =>
      JSON.parse(files.get(name)?.toString('utf8') ?? '{}') as Record<string, unknown>;

    it('names nl.json as an additional language and ships it, every key translated', () => {
      const files = built();
      const manifest = read(files, 'manifest.json');
      expect(manifest.localizationInfo).toEqual({
        defaultLanguageTag: 'en',
        additionalLanguages: [{ languageTag: 'nl', file: 'nl.json' }],
      });
      const nl = read(files, 'nl.json');
      expect(localizationProblems(manifest, nl)).toEqual([]);
      expect(Object.keys(nl).filter((k) => k !== '$schema')).toHaveLength(translatableKeys(manifest).size);
      expect(nl['name.full']).toBe('Coachingsassistent');
    });

    it('each Dutch command is one the bot understands, the same command as the English one', () => {
      const files = built();
      const manifest = read(files, 'manifest.json');
      const nl = read(files, 'nl.json');
      const commands = (manifest.bots as { commandLists: { commands: { title: string }[] }[] }[])[0]!.commandLists[0]!
        .commands;
      commands.forEach((command, i) => {
        const dutch = String(nl[`bots[0].commandLists[0].commands[${i}].title`]);
        expect(parseCommand(dutch)?.name, dutch).toBe(parseCommand(command.title)?.name);
        expect(parseCommand(dutch)?.args, dutch).toBe('');
      });
    });

    it('refuses a language file that is incomplete, too long or has foreign keys', () => {
      const manifest = read(built(), 'manifest.json');
      const nl = read(built(), 'nl.json');
      const { ['bots[0].commandLists[0].commands[2].title']: _dropped, ...missing } = nl;
      expect(localizationProblems(manifest, missing)).toEqual([
        'bots[0].commandLists[0].commands[2].title: not translated',
      ]);
      expect(
        localizationProblems(manifest, { ...nl, 'name.short': 'Een veel te lange korte naam voor Teams' }),
      ).toEqual(['name.short: longer than 30 characters']);
      expect(localizationProblems(manifest, { ...nl, 'bots[0].commandLists[0].commands[12].title': 'x' })).toEqual([
        'bots[0].commandLists[0].commands[12].title: not a key of this manifest',
      ]);
    });
  });
});
