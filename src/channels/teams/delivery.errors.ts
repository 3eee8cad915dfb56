/**
 * Bot Connector failures → the messenger's two outcomes, decided once, here.
 *
 *  - 403: the app is not installed for the person, the bot is blocked, or the app is disabled by an admin → permanent.
 *  - 404: the conversation is gone → the messenger recreates it once (see teams.messenger); if that fails too it is
 *    permanent.
 *  - 408, 412, 429, 5xx and network errors → transient, with `retryAfterMs` when Teams sent `Retry-After`.
 *  - 401: our own credentials were refused. Retrying will not help until someone fixes the configuration, but the
 *    person is not unreachable either: transient, with a reason that says what to fix.
 *  - Any other 4xx (400 bad request, 413 too large) → permanent for this message only: the same message will be
 *    refused again, but the person is still reachable.
 *
 * Pitfall: the SDK throws `RestError`s from @azure/core-rest-pipeline; we read `statusCode`, `code` and the response
 * headers by shape rather than importing that transitive package.
 */
import { z } from 'zod';
import { DeliveryError } from '../../core/messenger.js';

const headersLike = z.union([
  z.custom<{ get(name: string): string | undefined | null }>(
    (v) => typeof v === 'object' && v !== null && typeof (v as { get?: unknown }).get === 'function',
  ),
  z.record(z.string(), z.unknown()),
]);

const restErrorShape = z.looseObject({
  statusCode: z.number().int().optional(),
  code: z.string().optional(),
  response: z.looseObject({ status: z.number().int().optional(), headers: headersLike.optional() }).optional(),
});

export interface ConnectorFailure {
  /** HTTP status, or undefined for network errors. */
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly code?: string;
}

/** Reads status, error code and Retry-After from whatever the SDK threw. */
export function readConnectorError(error: unknown, now: Date): ConnectorFailure {
  const parsed = restErrorShape.safeParse(error);
  if (!parsed.success) return {};
  const status = parsed.data.statusCode ?? parsed.data.response?.status;
  const retryAfter = headerValue(parsed.data.response?.headers, 'retry-after');
  const retryAfterMs = retryAfter !== undefined ? parseRetryAfter(retryAfter, now) : undefined;
  return {
    ...(status !== undefined ? { status } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(parsed.data.code ? { code: parsed.data.code } : {}),
  };
}

function headerValue(headers: z.infer<typeof headersLike> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof headers.get === 'function') {
    const v = (headers as { get(name: string): string | undefined | null }).get(name);
    return v ?? undefined;
  }
  const record = headers as Record<string, unknown>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const v = key ? record[key] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Retry-After is either delay-seconds or an HTTP date. Returns milliseconds from now, never negative. */
export function parseRetryAfter(value: string, now: Date): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

export const isConversationGone = (failure: ConnectorFailure): boolean => failure.status === 404;

/** Turns a connector failure into the DeliveryError the dispatcher understands. */
export function classifyDelivery(error: unknown, now: Date): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const failure = readConnectorError(error, now);
  const { status } = failure;
  const retry = failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {};
  if (status === undefined)
    return new DeliveryError(
      { kind: 'transient', reason: `teams: network error${failure.code ? ` (${failure.code})` : ''}`, ...retry },
      { cause: error },
    );
  if (status === 403)
    return new DeliveryError(
      {
        kind: 'permanent',
        reason: 'teams: 403 the app is not installed for this person, or it is blocked or disabled',
      },
      { cause: error },
    );
  if (status === 404)
    return new DeliveryError(
      { kind: 'permanent', reason: 'teams: 404 the conversation no longer exists and could not be recreated' },
      { cause: error },
    );
  if (status === 401)
    return new DeliveryError(
      {
        kind: 'transient',
        reason:
          'teams: 401 the bot credentials were refused; check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID',
      },
      { cause: error },
    );
  if (status === 408 || status === 412 || status === 429 || status >= 500)
    return new DeliveryError(
      { kind: 'transient', reason: `teams: ${status} try again later`, ...retry },
      { cause: error },
    );
  return new DeliveryError(
    { kind: 'permanent', scope: 'message', reason: `teams: ${status} the message was refused` },
    { cause: error },
  );
}
