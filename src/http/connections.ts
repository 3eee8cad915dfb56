/**
 * What the HTTP server has open: connections (with how many requests each is answering) and the requests in flight.
 * While stopping, a connection that finished its last request is closed at once, and idle keep-alive connections are
 * dropped so `close()` can complete; busy ones finish their request first.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Request } from 'express';

export class OpenConnections {
  /** Set once stop() begins: new responses say `Connection: close`, finished connections are closed. */
  stopping = false;
  private readonly active = new Map<Socket, number>();
  private readonly busy = new Set<IncomingMessage>();

  /** Follows the server's connections and requests from now on. */
  watch(server: Server): void {
    server.on('connection', (socket) => {
      this.active.set(socket, 0);
      socket.once('close', () => this.active.delete(socket));
    });
    server.on('request', (req, res) => {
      const socket = req.socket;
      this.active.set(socket, (this.active.get(socket) ?? 0) + 1);
      this.busy.add(req);
      res.once('close', () => {
        this.busy.delete(req);
        const left = (this.active.get(socket) ?? 1) - 1;
        this.active.set(socket, left);
        if (this.stopping && left <= 0) socket.destroySoon();
      });
    });
  }

  /** Closes the connections that answer no request now (idle keep-alive connections would hold close() open). */
  dropIdle(): void {
    for (const [socket, inFlight] of this.active) if (inFlight <= 0) socket.destroySoon();
  }

  get count(): number {
    return this.active.size;
  }

  /** Requests still being answered, by method and route pattern. */
  inFlight(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const req of this.busy) {
      const kind = `${req.method ?? '?'} ${requestKind(req)}`;
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return counts;
  }
}

/** The matched route's pattern ("/web/api/:user/messages"), else the path's first segment: never an id or a name. */
function requestKind(req: IncomingMessage): string {
  const { route, baseUrl } = req as Request;
  const pattern: unknown = typeof route === 'object' && route !== null && 'path' in route ? route.path : undefined;
  if (typeof pattern === 'string') return `${typeof baseUrl === 'string' ? baseUrl : ''}${pattern}`;
  return `/${(req.url ?? '').split(/[/?]/)[1] ?? ''}`;
}
