/** Every admin subcommand, in the order `help` lists them. Add a command: one file, one line here. */
import type { AdminCommand } from './command.js';
import { retryCommand } from './retry.command.js';
import { statusCommand } from './status.command.js';
import { deleteCommand, exportCommand, rewrapKeysCommand } from './privacy.command.js';
import { removeWorkspaceCommand } from './uninstall.command.js';

export const adminCommands: readonly AdminCommand[] = [
  statusCommand,
  retryCommand,
  exportCommand,
  deleteCommand,
  rewrapKeysCommand,
  removeWorkspaceCommand,
];
