/** A fresh database per test file on the run's MongoDB-compatible server (see global-setup.ts). */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { inject } from 'vitest';
import { connectMongo } from '../../src/store/connection.js';

export function mongoUri(): string {
  return process.env.MONGODB_URI ?? inject('mongoUri');
}

export async function freshDatabase(label = 'test'): Promise<Connection> {
  const dbName = `${label.replace(/[^a-z0-9]/gi, '_')}_${randomUUID().slice(0, 8)}`;
  return connectMongo(mongoUri(), { dbName });
}

export async function dropDatabase(connection: Connection): Promise<void> {
  await connection.dropDatabase().catch(() => undefined);
  await connection.close();
}
