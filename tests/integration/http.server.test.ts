import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { silentLogger } from '../../src/core/logger.js';
import { createHttpServer, jsonBody, type HttpServer } from '../../src/http/server.js';
import { pingMongo } from '../../src/store/connection.js';
import { dropDatabase, freshDatabase } from '../support/db.js';

describe('http server', () => {
  let connection: Connection;
  let http: HttpServer;
  let base: string;
  let release: () => void = () => undefined;

  beforeAll(async () => {
    connection = await freshDatabase('http');
    http = createHttpServer({ logger: silentLogger, ready: () => pingMongo(connection), graceMs: 5_000 });
    http.router.post('/echo', jsonBody('1kb'), (req, res) => {
      res.json({ got: req.body as unknown });
    });
    http.router.get('/boom', () => {
      throw new Error('secret internals at /srv/app/x.ts:12');
    });
    http.router.get('/slow/:who', async (_req, res) => {
      await new Promise<void>((resolve) => (release = resolve));
      res.json({ finished: true });
    });
    const address: AddressInfo = await http.listen('127.0.0.1', 0);
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await http.stop();
    if (connection.readyState !== 0) await dropDatabase(connection);
  });

  it('answers /healthz with 200 and /readyz with 200 while the database answers', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('serves routes mounted on the router and parses JSON bodies within the limit', async () => {
    const ok = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(await ok.json()).toEqual({ got: { a: 1 } });
    const big = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 'x'.repeat(5000) }),
    });
    expect(big.status).toBe(413);
    const huge = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(huge.status).toBe(413);
    const bad = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'bad_request' });
  });

  it('never puts a stack trace or an error message in a response', async () => {
    const res = await fetch(`${base}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'internal' });
    expect(text).not.toMatch(/secret internals|\.ts:|at /);
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not_found' });
  });

  it('says 503 on /readyz once the database connection is closed', async () => {
    await connection.close();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('finishes an in-flight request on stop and then refuses new connections', async () => {
    expect(http.inFlight()).toEqual({});
    const inFlight = fetch(`${base}/slow/U0PERSON?text=hello`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Counted by route pattern: the person's id and the query stay out of the stop report.
    expect(http.inFlight()).toEqual({ 'GET /slow/:who': 1 });
    const stopping = http.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    const res = await inFlight;
    expect(await res.json()).toEqual({ finished: true });
    await stopping;
    expect(http.inFlight()).toEqual({});
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
