/** What MongoDB's errors mean to the rest of the app: the only place that knows the driver's error names and codes. */
import { AppError, type ErrorClassifier } from '../core/errors.js';

const UNREACHABLE = new Set(['MongoServerSelectionError', 'MongoNetworkError', 'MongoNotConnectedError']);

/** "The database cannot be reached" for the driver's connection errors; undefined for anything else. */
export const classifyStoreError: ErrorClassifier = (error) =>
  UNREACHABLE.has(error.name)
    ? new AppError('store_unavailable', 'The database cannot be reached.', { cause: error })
    : undefined;

/** True for MongoDB's duplicate-key error (E11000), the signal that a unique insert deduplicated. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 11000;
}
