/**
 * The operator's command line: `npm run admin -- <command> [options]` (in the image: `node dist/admin/main.js …`).
 * It talks to the database directly — MONGODB_URI, or the embedded server of a bot running on this machine (whose
 * address the bot leaves in DATA_DIR) — and never prints what anyone wrote.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Connection } from 'mongoose';
import { connectMongo } from '../store/connection.js';
import { createModels } from '../store/schemas.js';
import { EMBEDDED_URI_FILE } from '../store/embedded.js';
import type { AdminCommand, AdminContext } from './command.js';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

/** The URI the bot uses: MONGODB_URI, else the embedded server a running bot wrote down; undefined when neither. */
export function databaseUri(env: NodeJS.ProcessEnv): string | undefined {
  const uri = env.MONGODB_URI?.trim();
  if (uri) return uri;
  const file = resolve(env.DATA_DIR?.trim() || './.data', EMBEDDED_URI_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

const namesDatabase = (uri: string): boolean => {
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]+\/([^?]*)/.exec(uri)?.[1];
  return path !== undefined && path !== '';
};

export function helpText(commands: readonly AdminCommand[]): string[] {
  return [
    'Usage: npm run admin -- <command> [options]',
    '',
    ...commands.map((c) => `  ${`${c.name} ${c.usage}`.padEnd(58)} ${c.summary}`),
    `  ${'help'.padEnd(58)} this text`,
    '',
    'The database is MONGODB_URI, or the embedded one of a bot running on this machine (npm start).',
  ];
}

export async function runCli(argv: readonly string[], commands: readonly AdminCommand[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    helpText(commands).forEach((line) => io.out(line));
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`There is no admin command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}, help.`);
    return 2;
  }
  const uri = databaseUri(io.env);
  if (!uri) {
    io.err('No database to look at: set MONGODB_URI, or start the bot (npm start) so its embedded database runs.');
    return 1;
  }
  let connection: Connection | undefined;
  try {
    connection = await connectMongo(uri, namesDatabase(uri) ? {} : { dbName: 'coaching' });
    const ctx: AdminContext = {
      connection,
      models: createModels(connection),
      now: io.now ?? (() => new Date()),
      env: io.env,
      out: io.out,
      err: io.err,
    };
    return await command.run(ctx, args);
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await connection?.close();
  }
}
