/**
 * One error base with a string `code` and a `cause` (bolt's `asCodedError`, grammY's `BotError`). Unknown errors
 * are normalised once, at the edge, and go to one handler; a user only ever sees a kind sentence.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'store_unavailable'
  | 'store_conflict'
  | 'not_found'
  | 'forbidden'
  | 'invalid_input'
  | 'delivery_transient'
  | 'delivery_permanent'
  | 'channel_error'
  | 'internal';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** Turns anything thrown into an AppError, keeping the original as `cause`; AppErrors pass through unchanged. */
export function normaliseError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error) {
    const name = error.name;
    if (name === 'MongoServerSelectionError' || name === 'MongoNetworkError' || name === 'MongoNotConnectedError') {
      return new AppError('store_unavailable', 'The database cannot be reached.', { cause: error });
    }
    return new AppError('internal', error.message, { cause: error });
  }
  return new AppError('internal', String(error));
}

/** True for MongoDB's duplicate-key error (E11000), the signal that a unique insert deduplicated. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 11000;
}
