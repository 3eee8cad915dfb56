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
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from '../core/logger.js';
import { OpenConnections } from './connections.js';

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
  const router = express.Router();
  const connections = new OpenConnections();
  const app = expressApp(router, options, () => connections.stopping);
  let stopped: Promise<void> | undefined;
  let server: Server | undefined;
  return {
    app,
    router,
    listen(host, port) {
      server = createServer(app);
      connections.watch(server);
      return listening(server, host, port, logger);
    },
    inFlight: () => connections.inFlight(),
    stop(graceMs) {
      if (stopped) return stopped;
      connections.stopping = true;
      const s = server;
      stopped = s?.listening ? closing(s, connections, graceMs ?? options.graceMs ?? 8_000, logger) : Promise.resolve();
      return stopped;
    },
  };
}

/** Probes, the channels' router, a 404 and the error handler, behind a cap on declared body sizes. */
function expressApp(router: Router, options: HttpServerOptions, stopping: () => boolean): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    if (stopping()) res.setHeader('Connection', 'close');
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
    const ok = !stopping() && (await options.ready().catch(() => false));
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : stopping() ? 'stopping' : 'unavailable' });
  });
  app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use(errorHandler(options.logger));
  return app;
}

/** Answers `{ "error": "<code>" }` only, never a stack or a message; 5xx are logged as errors, the rest at debug. */
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
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
}

/** Binds HOST:PORT with timeouts longer than common load balancers' idle timeouts; resolves with the address. */
function listening(s: Server, host: string, port: number, logger: Logger): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    s.keepAliveTimeout = 65_000;
    s.headersTimeout = 66_000;
    s.requestTimeout = 60_000;
    s.once('error', reject);
    s.listen(port, host, () => {
      s.off('error', reject);
      s.on('error', (error) => logger.error({ err: error }, 'http server error'));
      resolve(s.address() as AddressInfo);
    });
  });
}

/** Stops accepting, lets busy connections finish their request, and cuts off what is left after `graceMs`. */
function closing(s: Server, connections: OpenConnections, graceMs: number, logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    s.close(() => resolve());
    connections.dropIdle();
    const grace = setTimeout(() => {
      logger.warn({ open: connections.count }, 'http grace period over: closing remaining connections');
      s.closeAllConnections();
    }, graceMs);
    grace.unref();
    s.once('close', () => clearTimeout(grace));
  });
}
