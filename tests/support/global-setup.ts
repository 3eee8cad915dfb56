/**
 * Gives every test a MongoDB-compatible server. When MONGODB_URI is set (CI starts one), it is used as is;
 * otherwise this starts the project's mongo-java-server on a free loopback port for the run and stops it after,
 * so `npm test` works alone on a fresh clone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../src/store/free-port.js';
import type { TestProject } from 'vitest/node';

let server: ChildProcess | undefined;

export async function setup(project: TestProject): Promise<void> {
  let uri = process.env.MONGODB_URI;
  if (!uri) {
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
        reject(new Error(`mongo-java-server exited with ${code}`));
      });
    });
    uri = `mongodb://127.0.0.1:${port}`;
    process.env.MONGODB_URI = uri;
  }
  project.provide('mongoUri', uri);
}

export async function teardown(): Promise<void> {
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
