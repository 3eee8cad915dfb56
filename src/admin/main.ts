/** Entry point of `npm run admin`: reads .env like the bot, runs one command, exits with its code. */
import { loadDotEnv } from '../config.js';
import { runCli } from './cli.js';
import { adminCommands } from './commands.js';

loadDotEnv();
const code = await runCli(process.argv.slice(2), adminCommands, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
process.exit(code);
