/**
 * One admin subcommand. Each lives in its own file under src/admin/ and is listed in commands.ts; the CLI parses
 * nothing but the subcommand's name and hands the rest of the arguments over.
 */
import type { Connection } from 'mongoose';
import type { Models } from '../store/schemas.js';

export interface AdminContext {
  readonly connection: Connection;
  readonly models: Models;
  readonly now: () => Date;
  /** The environment the CLI runs with (for commands that need the master key: ENCRYPTION_KEY, DATA_DIR). */
  readonly env: NodeJS.ProcessEnv;
  /** Standard output: one call per line. */
  readonly out: (line: string) => void;
  /** Standard error: one call per line. */
  readonly err: (line: string) => void;
}

export interface AdminCommand {
  readonly name: string;
  /** One line for the help text. */
  readonly summary: string;
  /** The argument synopsis after `npm run admin -- <name>`. */
  readonly usage: string;
  /** Returns the exit code (0 = done). Bad arguments: say what is expected on `err` and return 2. */
  run(ctx: AdminContext, args: readonly string[]): Promise<number>;
}

/** Splits `--flag`, `--key value` / `--key=value` options from positional arguments. */
export function parseArgs(
  args: readonly string[],
  valued: readonly string[] = [],
): { flags: Set<string>; values: Map<string, string>; positional: string[] } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (valued.includes(name)) {
      const value = inline ?? args[i + 1];
      if (inline === undefined) i += 1;
      if (value !== undefined) values.set(name, value);
    } else flags.add(name);
  }
  return { flags, values, positional };
}
