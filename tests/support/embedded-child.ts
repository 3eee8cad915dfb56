/**
 * A process that starts the embedded server on DATA_DIR (argv[2]), writes a document and prints one JSON line with
 * the server's URI and pid, then waits to be killed: for tests of what happens when the bot dies abruptly.
 */
import type { Logger } from '../../src/core/logger.js';
import { connectMongo } from '../../src/store/connection.js';
import { startEmbeddedMongo } from '../../src/store/embedded.js';

let serverPid = 0;
const log = (fields: Record<string, unknown>): void => {
  if (typeof fields.pid === 'number') serverPid = fields.pid;
};
const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };

const server = await startEmbeddedMongo({
  dataDir: process.argv[2] ?? '.data',
  logger,
  attempts: ['mongo-java-server'],
});
const connection = await connectMongo(server.uri);
await connection.collection('notes').createIndex({ text: 1 });
await connection.collection('notes').insertOne({ _id: 'before-kill' as never, text: 'kept' });
process.stdout.write(`${JSON.stringify({ uri: server.uri, serverPid })}\n`);
setInterval(() => undefined, 60_000);
