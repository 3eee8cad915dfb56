import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger.js';
import { connectMongo } from '../../src/store/connection.js';
import { startEmbeddedMongo } from '../../src/store/embedded.js';

function recordingLogger(lines: string[]): Logger {
  const log = (fields: Record<string, unknown>, message: string): void => {
    lines.push(`${message} ${JSON.stringify(fields)}`);
  };
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

describe('embedded MongoDB (MONGODB_URI unset)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coach-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('falls back to mongo-java-server on an H2 file whose data survives a restart', async () => {
    const lines: string[] = [];
    // mongodb-memory-server is given 1 ms, so this exercises the fallback whether or not mongod could be downloaded.
    const first = await startEmbeddedMongo({ dataDir, logger: recordingLogger(lines), memoryServerTimeoutMs: 1 });
    expect(first.kind).toBe('mongo-java-server');
    expect(first.dataPath).toBe(join(dataDir, 'mongo.h2'));
    expect(
      lines.some((l) => l.startsWith('embedded MongoDB could not start') && l.includes('mongodb-memory-server')),
    ).toBe(true);
    let connection = await connectMongo(first.uri);
    await connection.collection('notes').insertOne({ _id: 'kept' as never, text: 'still here' });
    await connection.close();
    await first.stop();

    const second = await startEmbeddedMongo({
      dataDir,
      logger: recordingLogger(lines),
      attempts: ['mongo-java-server'],
    });
    try {
      connection = await connectMongo(second.uri);
      const doc = await connection.collection('notes').findOne({ _id: 'kept' as never });
      expect(doc?.text).toBe('still here');
      await connection.close();
    } finally {
      await second.stop();
    }
  }, 240_000);

  it('a bot killed with SIGKILL leaves no server behind and a file the next start opens', async () => {
    const killedDir = mkdtempSync(join(tmpdir(), 'coach-killed-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/embedded-child.ts', killedDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const started = await new Promise<{ uri: string; serverPid: number }>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0] ?? '') as { uri: string; serverPid: number });
        });
        child.once('exit', (code) => reject(new Error(`the child exited with ${code}`)));
      });
      expect(started.serverPid).toBeGreaterThan(0);
      child.kill('SIGKILL'); // no exit handler runs: only the server's own watch of its stdin can stop it
      const alive = (): boolean => {
        try {
          process.kill(started.serverPid, 0);
          return true;
        } catch {
          return false;
        }
      };
      const deadline = Date.now() + 20_000;
      while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(alive()).toBe(false);

      const lines: string[] = [];
      const next = await startEmbeddedMongo({
        dataDir: killedDir,
        logger: recordingLogger(lines),
        attempts: ['mongo-java-server'],
      });
      try {
        const connection = await connectMongo(next.uri);
        await connection.collection('notes').createIndex({ text: 1 }); // what every start does again
        expect((await connection.collection('notes').findOne({ _id: 'before-kill' as never }))?.text).toBe('kept');
        await connection.close();
      } finally {
        await next.stop();
      }
    } finally {
      child.kill('SIGKILL');
      rmSync(killedDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('fails with a message naming MONGODB_URI when no embedded server can start', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(
        startEmbeddedMongo({ dataDir, logger: recordingLogger([]), attempts: ['mongo-java-server'] }),
      ).rejects.toThrow(/MONGODB_URI is not set.*java is not on PATH.*Set MONGODB_URI/);
    } finally {
      process.env.PATH = path;
    }
  });
});
