/**
 * `npm run teams:package`: builds the Teams app package (manifest.json + color.png + outline.png in one zip) from
 * manifests/teams/, with the bot id taken from MICROSOFT_APP_ID (.env is read when present).
 *
 *   npm run teams:package                      → dist/teams/coaching-assistant.zip
 *   npm run teams:package -- --out app.zip     → elsewhere
 *   npm run teams:package -- --icons           → redraws manifests/teams/color.png and outline.png
 *
 * Optional: TEAMS_DEVELOPER_NAME, TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL, TEAMS_TERMS_URL (https) for the manifest's
 * developer block. No dependencies: the PNG and zip writers below use node:zlib only.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { z } from 'zod';
import { loadDotEnv } from '../src/config.js';
import { localizationFiles } from './teams-localization.js';

const MANIFEST_DIR = resolve(import.meta.dirname, '..', 'manifests', 'teams');
const DEFAULT_OUT = resolve(import.meta.dirname, '..', 'dist', 'teams', 'coaching-assistant.zip');

// ---------------------------------------------------------------------------------------------------------------
// Manifest

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const packageEnv = z.object({
  MICROSOFT_APP_ID: z.string().trim().regex(guid, 'must be the bot’s Entra ID application (client) id, a GUID'),
  TEAMS_DEVELOPER_NAME: z.string().trim().min(1).max(32).default('Coaching assistant'),
  TEAMS_WEBSITE_URL: z.url({ protocol: /^https$/ }).default('https://example.org/coaching-assistant'),
  TEAMS_PRIVACY_URL: z.url({ protocol: /^https$/ }).default('https://example.org/coaching-assistant/privacy'),
  TEAMS_TERMS_URL: z.url({ protocol: /^https$/ }).default('https://example.org/coaching-assistant/terms'),
});
type PackageEnv = z.infer<typeof packageEnv>;

/** The limits Teams enforces at upload, checked here so a bad package fails on the laptop, not in the admin centre. */
const manifestSchema = z.looseObject({
  id: z.string().regex(guid),
  name: z.object({ short: z.string().max(30), full: z.string().max(100) }),
  description: z.object({ short: z.string().max(80), full: z.string().max(4000) }),
  icons: z.object({ color: z.literal('color.png'), outline: z.literal('outline.png') }),
  bots: z
    .array(
      z.looseObject({
        botId: z.string().regex(guid),
        scopes: z.array(z.string()).nonempty(),
        // Files (calendar invitations, data exports) reach the person through the file consent flow, which needs it.
        supportsFiles: z.literal(true),
        commandLists: z.array(
          z.object({
            scopes: z.array(z.string()),
            commands: z.array(z.object({ title: z.string().max(32), description: z.string().max(128) })).max(10),
          }),
        ),
      }),
    )
    .length(1),
});

/** Fills `${{NAME}}` placeholders; an unknown one is an error rather than a silently broken package. */
export function fillManifest(template: string, env: PackageEnv): Record<string, unknown> {
  const values: Record<string, string> = { ...env };
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`manifest.json uses \${{${name}}}, which has no value`);
    return value.replace(/["\\]/g, '\\$&');
  });
  const manifest = JSON.parse(filled) as unknown;
  const checked = manifestSchema.safeParse(manifest);
  if (!checked.success)
    throw new Error(
      `manifest.json does not meet Teams' limits:\n${checked.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return checked.data;
}

// ---------------------------------------------------------------------------------------------------------------
// PNG (RGBA, 8 bit) and its header check

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(6, 9); // colour type: RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function pngInfo(png: Buffer): { width: number; height: number; colorType: number } {
  if (png.length < 33 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('ascii', 12, 16) !== 'IHDR')
    throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png.readUInt8(25) };
}

// ---------------------------------------------------------------------------------------------------------------
// Icons: a speech bubble with a check mark (a conversation that leads to agreements), drawn with distance
// functions and 4×4 supersampling. Colour icon: white on the accent colour, full bleed. Outline: white strokes on
// transparency, as Teams requires.

type Sdf = (x: number, y: number) => number;
const roundedBox =
  (cx: number, cy: number, hx: number, hy: number, r: number): Sdf =>
  (x, y) => {
    const qx = Math.abs(x - cx) - hx + r;
    const qy = Math.abs(y - cy) - hy + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };
const segment =
  (ax: number, ay: number, bx: number, by: number): Sdf =>
  (x, y) => {
    const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
    const h = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - dx * h, py - dy * h);
  };
const triangle =
  (pts: readonly [number, number][]): Sdf =>
  (x, y) => {
    // Inside when on the same side of all three edges; the distance is approximated by the nearest edge.
    const d = Math.min(...pts.map((p, i) => segment(p[0], p[1], pts[(i + 1) % 3]![0], pts[(i + 1) % 3]![1])(x, y)));
    const sign =
      pts.every((p, i) => {
        const q = pts[(i + 1) % 3]!;
        return (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]) >= 0;
      }) ||
      pts.every((p, i) => {
        const q = pts[(i + 1) % 3]!;
        return (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]) <= 0;
      });
    return sign ? -d : d;
  };

/** The bubble and the check mark in a unit square (0..1), scaled by the caller. */
function shapes(size: number) {
  const s = (v: number) => v * size;
  const box = roundedBox(s(0.5), s(0.44), s(0.36), s(0.27), s(0.12));
  const tail = triangle([
    [s(0.3), s(0.66)],
    [s(0.22), s(0.88)],
    [s(0.5), s(0.68)],
  ]);
  const bubble: Sdf = (x, y) => Math.min(box(x, y), tail(x, y));
  const tick1 = segment(s(0.33), s(0.45), s(0.45), s(0.57));
  const tick2 = segment(s(0.45), s(0.57), s(0.68), s(0.32));
  const tick: Sdf = (x, y) => Math.min(tick1(x, y), tick2(x, y));
  return { bubble, tick };
}

function render(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [pr, pg, pb, pa] = pixel(x + (sx + 0.5) / n, y + (sy + 0.5) / n);
          r += pr * pa;
          g += pg * pa;
          b += pb * pa;
          a += pa;
        }
      }
      const i = (y * size + x) * 4;
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return out;
}

const ACCENT: [number, number, number] = [0x1f, 0x7a, 0x6d];
const WHITE: [number, number, number] = [255, 255, 255];

export function drawColorIcon(): Buffer {
  const size = 192;
  const { bubble, tick } = shapes(size);
  const stroke = size * 0.045;
  return encodePng(
    size,
    size,
    render(size, (x, y) => (bubble(x, y) <= 0 && tick(x, y) > stroke ? [...WHITE, 1] : [...ACCENT, 1])),
  );
}

export function drawOutlineIcon(): Buffer {
  const size = 32;
  const { bubble, tick } = shapes(size);
  const line = 1.1; // half the stroke width, in pixels
  return encodePng(
    size,
    size,
    render(size, (x, y) => (Math.abs(bubble(x, y)) <= line || tick(x, y) <= line ? [...WHITE, 1] : [0, 0, 0, 0])),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Zip (stored names, deflated data, no extra fields): enough for Teams' app package.

export function zip(files: readonly { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const time = (12 << 11) | (0 << 5); // 12:00:00, fixed so the same input gives the same bytes
  const date = ((2026 - 1980) << 9) | (1 << 5) | 1; // 2026-01-01
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data, { level: 9 });
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// ---------------------------------------------------------------------------------------------------------------

export function buildPackage(
  env: NodeJS.ProcessEnv,
  dir: string = MANIFEST_DIR,
): { zip: Buffer; manifest: Record<string, unknown> } {
  const parsed = packageEnv.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `Cannot build the Teams package:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}${env[String(i.path[0])] ? '' : ' (not set)'}`).join('\n')}`,
    );
  const manifest = fillManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'), parsed.data);
  const color = readFileSync(join(dir, 'color.png'));
  const outline = readFileSync(join(dir, 'outline.png'));
  const c = pngInfo(color);
  const o = pngInfo(outline);
  if (c.width !== 192 || c.height !== 192) throw new Error(`color.png must be 192×192, is ${c.width}×${c.height}`);
  if (o.width !== 32 || o.height !== 32 || o.colorType !== 6)
    throw new Error('outline.png must be a 32×32 PNG with transparency');
  const files = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: color },
    { name: 'outline.png', data: outline },
    ...localizationFiles(manifest, dir),
  ];
  return { zip: zip(files), manifest };
}

function main(argv: readonly string[]): void {
  if (argv.includes('--icons')) {
    writeFileSync(join(MANIFEST_DIR, 'color.png'), drawColorIcon());
    writeFileSync(join(MANIFEST_DIR, 'outline.png'), drawOutlineIcon());
    process.stdout.write(`Icons written to ${MANIFEST_DIR}\n`);
    return;
  }
  loadDotEnv();
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 && argv[outIndex + 1] ? resolve(argv[outIndex + 1]!) : DEFAULT_OUT;
  try {
    const built = buildPackage(process.env);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, built.zip);
    if (!process.env.TEAMS_WEBSITE_URL)
      process.stdout.write(
        'Note: TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL and TEAMS_TERMS_URL are not set; the package uses example.org placeholders.\n',
      );
    process.stdout.write(
      `Teams app package for bot ${String(built.manifest.id)}: ${out}\nUpload it in Teams (Apps → Manage your apps → Upload an app) or in the Teams admin centre.\n`,
    );
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main(process.argv.slice(2));
