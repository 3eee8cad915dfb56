/**
 * Gives every test a MongoDB-compatible server, and says which one it is:
 *  1. MONGODB_URI when set (CI starts one), as is;
 *  2. otherwise a real mongod from mongodb-memory-server, when one is cached or can be downloaded (no Java needed);
 *     a failed download is remembered in DATA_DIR (./.data) like `npm start` does, so an offline machine tries again
 *     only after a day (MONGOD_DOWNLOAD=retry: now; off: never);
 *  3. otherwise the project's mongo-java-server (tools/mongo-server/run.sh: Java 17, and Maven or the jars fetched by
 *     tools/mongo-server/fetch-jars.sh) on a free loopback port.
 * The server runs for the whole run and is stopped after it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../src/store/free-port.js';
import { ensureMongod, oneLine, type DownloadMode } from '../../src/store/mongod-download.js';

let server: ChildProcess | undefined;
let memoryServer: { stop(): Promise<unknown> } | undefined;

const say = (line: string): void => void process.stdout.write(`[tests] MongoDB: ${line}\n`);

async function startMemoryServer(): Promise<string | undefined> {
  const mod = await import('mongodb-memory-server-core').catch(() => null);
  if (!mod) return undefined;
  const mode = (['auto', 'retry', 'off'] as const).find((m) => m === process.env.MONGOD_DOWNLOAD) ?? 'auto';
  try {
    await ensureMongod(mod, {
      dataDir: process.env.DATA_DIR?.trim() || './.data',
      mode: mode satisfies DownloadMode,
      timeoutMs: 120_000,
      announce: (message, fields) => say(`${message} ${JSON.stringify(fields)}`),
    });
    const started = await mod.MongoMemoryServer.create({ instance: { ip: '127.0.0.1', storageEngine: 'wiredTiger' } });
    memoryServer = started;
    say(
      `mongod ${(await mod.DryMongoBinary.generateOptions()).version} from mongodb-memory-server (${started.getUri()})`,
    );
    return started.getUri().replace(/\/$/, '');
  } catch (error) {
    say(`no mongod from mongodb-memory-server: ${oneLine(error)}; using mongo-java-server`);
    return undefined;
  }
}

async function startJavaServer(): Promise<string> {
  const port = await freePort();
  server = spawn('bash', ['tools/mongo-server/run.sh', '127.0.0.1', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mongo-java-server did not start within 120 s')), 120_000);
    server?.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server?.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`mongo-java-server exited with ${code} (it needs Java 17; see the README, "How tests find MongoDB")`),
      );
    });
  });
  say(`mongo-java-server on 127.0.0.1:${port}`);
  return `mongodb://127.0.0.1:${port}`;
}

export async function setup(project: TestProject): Promise<void> {
  let uri = process.env.MONGODB_URI;
  if (uri) say('MONGODB_URI (set outside the tests)');
  else {
    uri = (await startMemoryServer()) ?? (await startJavaServer());
    process.env.MONGODB_URI = uri;
  }
  project.provide('mongoUri', uri);
}

export async function teardown(): Promise<void> {
  await memoryServer?.stop();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}
