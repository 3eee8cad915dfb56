/**
 * A guard for the development conveniences (web chat, dev clock, Teams without authentication): they answer only
 * requests whose `Host` header names this machine (localhost, *.localhost, 127.x.x.x, [::1]). A page on another site
 * that rebinds its own name to 127.0.0.1 (DNS rebinding) still sends its own name as Host and is refused, and so is
 * anything that reaches the port from the network under the machine's public name or address.
 */
import type { RequestHandler } from 'express';

const LOCAL_NAMES = /^(localhost|[a-z0-9-]+\.localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** True when a Host header value (with or without port) names the local machine. */
export function isLocalHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
  return LOCAL_NAMES.test(name);
}

/** Refuses (403, `local_only`) a request whose Host is not local; changes nothing. */
export const localOnly: RequestHandler = (req, res, next) => {
  if (isLocalHost(req.headers.host)) {
    next();
    return;
  }
  res.status(403).json({ error: 'local_only' });
};
