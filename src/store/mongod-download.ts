/**
 * The mongod binary that mongodb-memory-server needs, and a memo of a failed download in DATA_DIR, so an offline
 * machine does not spend ~7 s retrying on every start (or every test run): after a failure the download is skipped
 * for a day, unless MONGOD_DOWNLOAD=retry asks for it at once (`off` never downloads). A binary already in the cache
 * is always used. Used by the bot's embedded server and by the tests' global setup alike.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type DownloadMode = 'auto' | 'retry' | 'off';

export const DOWNLOAD_MEMO_FILE = 'mongod-download-failed.json';
export const RETRY_AFTER_MS = 24 * 3_600_000;

export interface DownloadMemo {
  readonly failedAt: Date;
  readonly reason: string;
}

export function readMemo(dataDir: string): DownloadMemo | null {
  try {
    const raw = JSON.parse(readFileSync(resolve(dataDir, DOWNLOAD_MEMO_FILE), 'utf8')) as Record<string, unknown>;
    const failedAt = new Date(String(raw.failedAt));
    if (Number.isNaN(failedAt.getTime())) return null;
    return { failedAt, reason: typeof raw.reason === 'string' ? raw.reason : '' };
  } catch {
    return null;
  }
}

export function writeMemo(dataDir: string, reason: string, at: Date): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    resolve(dataDir, DOWNLOAD_MEMO_FILE),
    `${JSON.stringify({ failedAt: at.toISOString(), reason }, null, 2)}\n`,
  );
}

export function clearMemo(dataDir: string): void {
  rmSync(resolve(dataDir, DOWNLOAD_MEMO_FILE), { force: true });
}

/** Why a download should not be tried now, or null to try it. */
export function downloadRefusal(dataDir: string, mode: DownloadMode, now: Date): string | null {
  if (mode === 'off') return 'downloading mongod is off (MONGOD_DOWNLOAD=off)';
  if (mode === 'retry') return null;
  const memo = readMemo(dataDir);
  if (!memo || now.getTime() - memo.failedAt.getTime() >= RETRY_AFTER_MS) return null;
  const retryAt = new Date(memo.failedAt.getTime() + RETRY_AFTER_MS);
  const when = `it is tried again after ${retryAt.toISOString()}, or now with MONGOD_DOWNLOAD=retry`;
  return `the mongod download failed at ${memo.failedAt.toISOString()} (${memo.reason}); ${when}`;
}

/** An error's message on one line, with its details (mongodb-memory-server puts them after a line break). */
export const oneLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();

/** The part of mongodb-memory-server used here (its binary lookup and download). */
export interface MongodFinder<O extends { version: string; downloadDir: string }> {
  readonly DryMongoBinary: {
    generateOptions(): Promise<O>;
    locateBinary(options: O): Promise<string | undefined>;
  };
  readonly MongoBinary: { getPath(): Promise<string> };
}

/** The cached mongod for the configured version, or undefined (nothing downloaded yet). */
export async function cachedMongod<O extends { version: string; downloadDir: string }>(
  mod: MongodFinder<O>,
): Promise<string | undefined> {
  const options = await mod.DryMongoBinary.generateOptions();
  return mod.DryMongoBinary.locateBinary(options);
}

/**
 * The mongod binary: the cached one, or a download (announced, bounded by `timeoutMs`, remembered when it fails).
 * Throws with a one-line reason when there is none.
 */
export async function ensureMongod<O extends { version: string; downloadDir: string }>(
  mod: MongodFinder<O>,
  o: {
    dataDir: string;
    mode: DownloadMode;
    timeoutMs: number;
    now?: () => Date;
    announce: (message: string, fields: Record<string, unknown>) => void;
  },
): Promise<string> {
  const cached = await cachedMongod(mod);
  if (cached) return cached;
  const now = o.now ?? (() => new Date());
  const refusal = downloadRefusal(o.dataDir, o.mode, now());
  if (refusal) throw new Error(refusal);
  const { version, downloadDir } = await mod.DryMongoBinary.generateOptions();
  o.announce('downloading mongod once (about 100 MB; later starts use the copy)', { version, into: downloadDir });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`no mongod within ${Math.round(o.timeoutMs / 1000)} s (downloading from fastdl.mongodb.org)`)),
      o.timeoutMs,
    );
  });
  try {
    const path = await Promise.race([mod.MongoBinary.getPath(), timeout]);
    clearMemo(o.dataDir);
    return path;
  } catch (error) {
    writeMemo(o.dataDir, oneLine(error), now());
    throw new Error(oneLine(error), { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
