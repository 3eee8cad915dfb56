/** The mongoose connection. One per process; `readyz` pings it. */
import mongoose, { type Connection } from 'mongoose';
import { AppError } from '../core/errors.js';
import { roundTrips, type RoundTripMeter } from '../core/round-trips.js';

export async function connectMongo(
  uri: string,
  options: { dbName?: string; serverSelectionTimeoutMS?: number } = {},
): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    autoIndex: true,
    maxPoolSize: 20,
    // Every command is counted (core/round-trips.ts): per turn in a debug line, per delivered message in the bench.
    monitorCommands: true,
  });
  try {
    await connection.asPromise();
  } catch (cause) {
    throw new AppError(
      'store_unavailable',
      `Cannot reach MongoDB at ${redactUri(uri)}. Check MONGODB_URI, or unset it to start the embedded server.`,
      { cause },
    );
  }
  // Commands in flight on this connection, by request id: what they target and when they were sent.
  const sent = new Map<number, { collection: string | undefined; at: number; meter: RoundTripMeter | undefined }>();
  const client = connection.getClient();
  client.on('commandStarted', (event) => {
    // The collection a command names (a string for find, insert, update, aggregate, …), never its contents.
    const target: unknown = (event.command as Record<string, unknown>)[event.commandName];
    const collection = typeof target === 'string' ? target : undefined;
    const meter = roundTrips.record(event.commandName, collection);
    if (sent.size > 10_000) sent.clear(); // answers that never came (a dropped connection): forget, never grow
    sent.set(event.requestId, { collection, at: performance.now(), meter });
  });
  const finished = (event: { requestId: number; commandName: string }): void => {
    const started = sent.get(event.requestId);
    if (!started) return;
    sent.delete(event.requestId);
    started.meter?.settled();
    roundTrips.finished(event.commandName, started.collection, performance.now() - started.at);
  };
  client.on('commandSucceeded', finished);
  client.on('commandFailed', finished);
  return connection;
}

export async function pingMongo(connection: Connection): Promise<boolean> {
  try {
    const db = connection.db;
    if (!db) return false;
    await db.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

/** Hides a password in a connection string before it reaches a log or an error. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
