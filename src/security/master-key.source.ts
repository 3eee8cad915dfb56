/**
 * Where the master key comes from. `ENCRYPTION_KEY` (plus `ENCRYPTION_KEYS` during a rotation) when set. On a laptop
 * without one, a key is generated once into `DATA_DIR/encryption.key` (readable by the owner only) and a warning says
 * so on every start; in production start-up refuses without `ENCRYPTION_KEY`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import { EncryptionKeyError, KEY_BYTES, LocalKeyRing, parseKeyList, parseMasterKey } from './key-ring.js';

export const KEY_FILE = 'encryption.key';

export interface MasterKeySettings {
  readonly ENCRYPTION_KEY?: string | undefined;
  readonly ENCRYPTION_KEYS?: string | undefined;
  readonly DATA_DIR: string;
  readonly NODE_ENV: string;
}

export function masterKeyRing(settings: MasterKeySettings, logger: Logger): LocalKeyRing {
  const older = settings.ENCRYPTION_KEYS ?? '';
  if (settings.ENCRYPTION_KEY) return LocalKeyRing.fromText(settings.ENCRYPTION_KEY, older);
  if (settings.NODE_ENV === 'production') {
    throw new EncryptionKeyError(
      'ENCRYPTION_KEY is required in production: 32 random bytes in base64 (`openssl rand -base64 32`); ' +
        'keep it outside the database and its backups',
    );
  }
  const path = join(settings.DATA_DIR, KEY_FILE);
  const key = readOrCreateKeyFile(path);
  logger.warn(
    { keyFile: path },
    'ENCRYPTION_KEY is not set: coaching texts are encrypted with a key generated into this file (fine on a laptop; set ENCRYPTION_KEY anywhere else)',
  );
  return new LocalKeyRing(key, parseKeyList(older));
}

function readOrCreateKeyFile(path: string): Buffer {
  try {
    return parseMasterKey(readFileSync(path, 'utf8'), path);
  } catch (error) {
    if (!isMissingFile(error)) throw error;
  }
  mkdirSync(join(path, '..'), { recursive: true });
  const key = randomBytes(KEY_BYTES);
  try {
    // `wx`: two processes starting at once cannot overwrite each other's key; the loser reads the winner's.
    writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if (isExists(error)) return parseMasterKey(readFileSync(path, 'utf8'), path);
    throw error;
  }
}

const errorCode = (error: unknown): unknown =>
  typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
const isMissingFile = (error: unknown): boolean => errorCode(error) === 'ENOENT';
const isExists = (error: unknown): boolean => errorCode(error) === 'EEXIST';
