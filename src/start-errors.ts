/**
 * Start-up failures people can act on: the operating system's error codes turned into one sentence that names the
 * setting to change. Anything not recognised here is logged as it is (main.ts).
 */
import type { Config } from './config.js';

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

/** A plain sentence for a known start-up failure, or undefined. */
export function explainStartError(error: unknown, config: Pick<Config, 'HOST' | 'PORT'>): string | undefined {
  const where = `${config.HOST}:${config.PORT}`;
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return `Port ${config.PORT} (${where}) is already in use by another program: stop that program, or set PORT to a free port (PORT=0 picks any free port).`;
    case 'EACCES':
      return `Port ${config.PORT} needs administrator rights on this machine: set PORT to 1024 or higher, e.g. PORT=3978.`;
    case 'EADDRNOTAVAIL':
      return `HOST=${config.HOST} is not an address of this machine: set HOST to 0.0.0.0 (all interfaces) or 127.0.0.1 (this machine only).`;
    default:
      return undefined;
  }
}
