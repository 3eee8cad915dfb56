/**
 * The one HTTP server of the process: health probes, and a `Router` that the channels mount on
 * (`/slack/events`, `/api/messages`, the web chat at `/`).
 *
 * Pitfalls:
 *  - No body parser is installed globally: Slack verifies its signature over the raw body, so each channel parses
 *    its own body. Use `jsonBody()` for a plain JSON route. A global cap rejects any declared body over 1 MB.
 *  - Errors that reach the final handler answer `{ "error": "<code>" }` only — never a stack or a message.
 *  - `stop()` stops accepting at once, lets in-flight requests finish (readyz says 503 meanwhile), then closes
 *    what is left after the grace period.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
  type Router,
} from 'express';
import type { Logger } from '../core/logger.js';

/** Larger declared bodies are refused before any parser reads them. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** JSON body parser with a sensible limit for chat payloads (Adaptive Card submits, web chat lines). */
export function jsonBody(limit: string = '256kb'): RequestHandler {
  return express.json({ limit });
}

export interface HttpServerOptions {
  readonly logger: Logger;
  /** Readiness: true when the store answers. Called on every /readyz. */
  readonly ready: () => Promise<boolean>;
  /** How long stop() waits for in-flight requests before closing their connections (default 8 s). */
  readonly graceMs?: number;
}

export interface HttpServer {
  readonly app: Express;
  /** Channels mount their routes here (ChannelContext.router). */
  readonly router: Router;
  /** Binds HOST:PORT (PORT 0 = any free port) and resolves with the bound address. */
  listen(host: string, port: number): Promise<AddressInfo>;
  /**
   * Stops accepting at once; resolves when in-flight requests are done (or cut off after the grace period:
   * `graceMs`, else the server's). Later calls return the first call's promise.
   */
  stop(graceMs?: number): Promise<void>;
  /** Requests still being answered, by method and route pattern ("POST /api/messages", "POST /web/api/:user/messages"). */
  inFlight(): Record<string, number>;
}

interface HttpError {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const router = express.Router();
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let server: Server | undefined;
  const active = new Map<Socket, number>();
  const busy = new Set<IncomingMessage>();

  app.use((req, res, next) => {
    if (stopping) res.setHeader('Connection', 'close');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      res.status(413).json({ error: 'payload_too_large' });
      return;
    }
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const ok = !stopping && (await options.ready().catch(() => false));
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : stopping ? 'stopping' : 'unavailable' });
  });

  app.use(router);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });

  const onError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    const e = (typeof error === 'object' && error !== null ? error : {}) as HttpError;
    const raw = Number(e.status ?? e.statusCode);
    const status = Number.isInteger(raw) && raw >= 400 && raw < 600 ? raw : 500;
    if (status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'http request failed');
    else logger.debug({ status, type: e.type, method: req.method, path: req.path }, 'http request rejected');
    if (res.headersSent) {
      res.end();
      return;
    }
    const code =
      status === 413
        ? 'payload_too_large'
        : status === 400
          ? 'bad_request'
          : status < 500
            ? 'request_rejected'
            : 'internal';
    res.status(status).json({ error: code });
  };
  app.use(onError);

  return {
    app,
    router,
    listen(host, port) {
      return new Promise((resolve, reject) => {
        const s = createServer(app);
        server = s;
        s.keepAliveTimeout = 65_000; // longer than common load balancers' idle timeouts
        s.headersTimeout = 66_000;
        s.requestTimeout = 60_000;
        s.on('connection', (socket) => {
          active.set(socket, 0);
          socket.once('close', () => active.delete(socket));
        });
        s.on('request', (req, res) => {
          const socket = req.socket;
          active.set(socket, (active.get(socket) ?? 0) + 1);
          busy.add(req);
          res.once('close', () => {
            busy.delete(req);
            const left = (active.get(socket) ?? 1) - 1;
            active.set(socket, left);
            // While stopping, a connection that finished its last request is closed at once.
            if (stopping && left <= 0) socket.destroySoon();
          });
        });
        s.once('error', reject);
        s.listen(port, host, () => {
          s.off('error', reject);
          s.on('error', (error) => logger.error({ err: error }, 'http server error'));
          resolve(s.address() as AddressInfo);
        });
      });
    },
    inFlight() {
      const counts: Record<string, number> = {};
      for (const req of busy) {
        const kind = `${req.method ?? '?'} ${requestKind(req)}`;
        counts[kind] = (counts[kind] ?? 0) + 1;
      }
      return counts;
    },
    stop(graceMs) {
      if (stopped) return stopped;
      stopping = true;
      const s = server;
      if (!s || !s.listening) {
        stopped = Promise.resolve();
        return stopped;
      }
      stopped = new Promise<void>((resolve) => {
        s.close(() => resolve());
        // Idle keep-alive connections would hold close() open: drop them; busy ones finish their request first.
        for (const [socket, inFlight] of active) if (inFlight <= 0) socket.destroySoon();
        const grace = setTimeout(
          () => {
            logger.warn({ open: active.size }, 'http grace period over: closing remaining connections');
            s.closeAllConnections();
          },
          graceMs ?? options.graceMs ?? 8_000,
        );
        grace.unref();
        s.once('close', () => clearTimeout(grace));
      });
      return stopped;
    },
  };
}

/** The matched route's pattern ("/web/api/:user/messages"), else the path's first segment: never an id or a name. */
function requestKind(req: IncomingMessage): string {
  const { route, baseUrl } = req as Request;
  const pattern: unknown = typeof route === 'object' && route !== null && 'path' in route ? route.path : undefined;
  if (typeof pattern === 'string') return `${typeof baseUrl === 'string' ? baseUrl : ''}${pattern}`;
  return `/${(req.url ?? '').split(/[/?]/)[1] ?? ''}`;
}
