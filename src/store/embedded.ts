/**
 * A local MongoDB-compatible server for when MONGODB_URI is unset, so `npm start` works on a laptop with nothing
 * installed but Node (and Java). Data persists under DATA_DIR across restarts.
 *
 * Order of attempts:
 *  1. mongodb-memory-server (a real mongod, downloaded once into ~/.cache): data in DATA_DIR/mongod. Needs internet
 *     on first use; the attempt is bounded so an offline machine falls through quickly.
 *  2. mongo-java-server with its H2 backend (tools/mongo-server/run.sh, Java 17 + Maven): data in DATA_DIR/mongo.h2.
 * Neither is for production: point MONGODB_URI at MongoDB 6+ there.
 *
 * Pitfalls: two processes cannot share one DATA_DIR (the H2 file and mongod's dbPath are locked; a start waits up to
 * 15 s for a server that is still closing the file); the Java server stops, closing its file, when this process
 * exits, even abruptly, so it never outlives the bot.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { freePort } from './free-port.js';
import { ensureMongod, oneLine, type DownloadMode } from './mongod-download.js';

export type EmbeddedKind = 'mongodb-memory-server' | 'mongo-java-server';

/** The file in DATA_DIR that holds the running embedded server's URI (the admin CLI reads it). */
export const EMBEDDED_URI_FILE = 'embedded.uri';

export interface EmbeddedMongo {
  readonly kind: EmbeddedKind;
  readonly uri: string;
  /** Where the data lives, for the start-up log. */
  readonly dataPath: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  /** Which servers to try, in order. Default: both. */
  readonly attempts?: readonly EmbeddedKind[];
  /** How long to wait for mongodb-memory-server when Java is there to fall back on (default 20 s). */
  readonly memoryServerTimeoutMs?: number;
  /** Whether a missing mongod may be downloaded (MONGOD_DOWNLOAD): `auto` skips it for a day after a failure. */
  readonly download?: DownloadMode;
  /** How long mongo-java-server may take to print "listening" (the first run resolves jars with Maven). */
  readonly javaStartTimeoutMs?: number;
}

const runScript = fileURLToPath(new URL('../../tools/mongo-server/run.sh', import.meta.url));

/** Starts the first embedded server that can run, or throws an AppError that says to set MONGODB_URI. */
export async function startEmbeddedMongo(options: EmbeddedOptions): Promise<EmbeddedMongo> {
  const server = await startFirstEmbedded(options);
  // Written down for `npm run admin` on this machine; removed again on a clean stop.
  const uriFile = resolve(options.dataDir, EMBEDDED_URI_FILE);
  writeFileSync(uriFile, `${server.uri}\n`, { mode: 0o600 });
  return {
    ...server,
    stop: async () => {
      rmSync(uriFile, { force: true });
      await server.stop();
    },
  };
}

async function startFirstEmbedded(options: EmbeddedOptions): Promise<EmbeddedMongo> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const attempts = options.attempts ?? ['mongodb-memory-server', 'mongo-java-server'];
  const javaAvailable = attempts.includes('mongo-java-server') && hasJava();
  const reasons: string[] = [];
  for (const kind of attempts) {
    try {
      if (kind === 'mongodb-memory-server') {
        // Without a fallback, a first download may take its time; with one, an offline machine should not wait.
        const timeoutMs = javaAvailable ? (options.memoryServerTimeoutMs ?? 20_000) : 300_000;
        return await startMemoryServer(resolve(dataDir, 'mongod'), timeoutMs, options.logger, {
          dataDir,
          mode: options.download ?? 'auto',
        });
      }
      if (!javaAvailable) {
        reasons.push('mongo-java-server: java is not on PATH (Java 17+ and Maven are needed)');
        continue;
      }
      return await startJavaServer(resolve(dataDir, 'mongo.h2'), options.javaStartTimeoutMs ?? 180_000, options.logger);
    } catch (error) {
      const reason = oneLine(error);
      reasons.push(`${kind}: ${reason}`);
      options.logger.warn({ kind, reason }, 'embedded MongoDB could not start');
    }
  }
  throw new AppError(
    'store_unavailable',
    `No MongoDB: MONGODB_URI is not set and no embedded server could start (${reasons.join('; ')}). ` +
      'Set MONGODB_URI to a MongoDB 6+ server (e.g. mongodb://localhost:27017/coaching), or install Java 17 and Maven for the embedded one.',
  );
}

function hasJava(): boolean {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return probe.status === 0;
}

async function startMemoryServer(
  dbPath: string,
  timeoutMs: number,
  logger: Logger,
  download: { dataDir: string; mode: DownloadMode },
): Promise<EmbeddedMongo> {
  const mod = await import('mongodb-memory-server-core').catch(() => null);
  if (!mod) throw new Error('the package mongodb-memory-server-core is not installed');
  mkdirSync(dbPath, { recursive: true });
  // Find (or download, announced and remembered when it fails) mongod first: create() would print an offline
  // machine's failure as a stack on stderr, and retry the download on every start.
  await ensureMongod(mod, { ...download, timeoutMs, announce: (message, fields) => logger.info(fields, message) });
  const starting = mod.MongoMemoryServer.create({
    instance: { dbPath, storageEngine: 'wiredTiger', ip: '127.0.0.1' },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`mongod did not start within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
  try {
    const server = await Promise.race([starting, timeout]);
    logger.info({ dbPath }, 'embedded mongodb-memory-server started');
    return {
      kind: 'mongodb-memory-server',
      uri: server.getUri('coaching'),
      dataPath: dbPath,
      stop: async () => {
        await server.stop({ doCleanup: false });
      },
    };
  } catch (error) {
    // A start that finishes after we gave up must not leave a mongod behind.
    starting.then(
      (late) => late.stop({ doCleanup: false }),
      () => undefined,
    );
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export { freePort } from './free-port.js';

/** How long a start waits for the previous server (a bot stopped a moment ago) to let go of the H2 file. */
const LOCK_WAIT_MS = 15_000;

async function startJavaServer(file: string, timeoutMs: number, logger: Logger): Promise<EmbeddedMongo> {
  if (!existsSync(runScript)) throw new Error(`${runScript} is missing`);
  const waitUntil = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await spawnJavaServer(file, timeoutMs, logger);
    } catch (error) {
      if (!(error instanceof Error && /file is locked/i.test(error.message)) || Date.now() > waitUntil) throw error;
      logger.info({ file }, 'the H2 file is still held by the previous server: waiting for it to close');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * One start of the server. It runs in its own process group, so a terminal's Ctrl-C (sent to the whole foreground
 * group) reaches only the bot, which stops it in order after closing its connection; and it holds a pipe to us as
 * stdin (EXIT_ON_STDIN_EOF), so when the bot goes in any way, even SIGKILL, it closes the H2 file cleanly. A SIGKILL
 * of the server mid-write can leave a file that the next start cannot use.
 */
async function spawnJavaServer(file: string, timeoutMs: number, logger: Logger): Promise<EmbeddedMongo> {
  const port = await freePort();
  const child = spawn('bash', [runScript, '127.0.0.1', String(port), file], {
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, EXIT_ON_STDIN_EOF: '1' },
  });
  const stopOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stopOnExit);
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  try {
    await untilListening(child, timeoutMs, () => stderrTail);
  } catch (error) {
    await stopChild(child);
    process.removeListener('exit', stopOnExit);
    throw error;
  }
  child.stdout?.resume();
  logger.info({ file, port, pid: child.pid }, 'embedded mongo-java-server started (H2 file)');
  return {
    kind: 'mongo-java-server',
    uri: `mongodb://127.0.0.1:${port}/coaching`,
    dataPath: file,
    stop: async () => {
      await stopChild(child);
      process.removeListener('exit', stopOnExit);
    },
  };
}

function untilListening(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  return new Promise<void>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`mongo-java-server did not start within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('listening')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`mongo-java-server exited with code ${code}: ${lastLine(stderr())}`));
    });
  });
}

/** SIGTERM (the server's shutdown hook closes the H2 file cleanly), SIGKILL after 10 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean);
  return lines.at(-1) ?? '(no output)';
}
