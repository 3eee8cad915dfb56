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

/**
 * Recognises errors of one kind of infrastructure (the store knows MongoDB's error names) and says what they mean, or
 * returns undefined when it does not know the error. Passed in from the composition root, so core stays driver-free.
 */
export type ErrorClassifier = (error: Error) => AppError | undefined;

/** Turns anything thrown into an AppError, keeping the original as `cause`; AppErrors pass through unchanged. */
export function normaliseError(error: unknown, classify?: ErrorClassifier): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error) return classify?.(error) ?? new AppError('internal', error.message, { cause: error });
  return new AppError('internal', String(error));
}
