/**
 * Master keys: they wrap (encrypt) the data keys and never touch a document themselves. The `KeyWrapper` port is
 * shaped like a cloud KMS (wrap / unwrap a small secret, a key id on every wrapped key), so AWS KMS, Azure Key Vault
 * or GCP KMS can replace the local key ring without touching the data keys or the documents.
 *
 * The local ring holds AES-256 keys from the environment: `ENCRYPTION_KEY` (the current key, which wraps new data
 * keys) and `ENCRYPTION_KEYS` (older keys, comma separated, still accepted for unwrapping during a rotation). A key's
 * id is derived from the key itself (an HMAC, which reveals nothing about it), so ids can never be mislabelled.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { AppError } from '../core/errors.js';

export interface WrappedKey {
  /** Id of the master key that wrapped it. */
  readonly keyId: string;
  /** Opaque to everyone but the wrapper (here: base64url of iv | ciphertext | tag). */
  readonly wrapped: string;
}

/** The port a KMS implements. `context` is bound to the wrapped key (AES-GCM additional data, KMS encryption context). */
export interface KeyWrapper {
  readonly currentKeyId: string;
  /** True when this wrapper can unwrap keys wrapped under `keyId`. */
  knows(keyId: string): boolean;
  wrap(dataKey: Buffer, context: string): Promise<WrappedKey>;
  unwrap(key: WrappedKey, context: string): Promise<Buffer>;
}

/** A missing, malformed or non-matching master key: one clear message naming the variable, never garbage text. */
export class EncryptionKeyError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('config_invalid', message, options);
    this.name = 'EncryptionKeyError';
  }
}

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `ENCRYPTION_KEY`-style text (32 bytes, base64 or base64url) → key bytes, or an error naming `variable`. */
export function parseMasterKey(text: string, variable: string): Buffer {
  const trimmed = text.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(
      `${variable} must be ${KEY_BYTES} random bytes in base64 (for example the output of \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

/** `ENCRYPTION_KEYS`: older keys, comma separated. */
export function parseKeyList(text: string): Buffer[] {
  return text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => parseMasterKey(k, 'ENCRYPTION_KEYS'));
}

export function masterKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('coaching-assistant master key id').digest('hex').slice(0, 16);
}

/** AES-256-GCM with a random 96-bit IV; `aad` binds the result to its context. */
export function gcmSeal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/**
 * A random IV: the next unused 12 bytes of a random buffer drawn 4 KiB at a time (one call to the system's random
 * source per 341 IVs instead of one each; a turn seals three texts). Each buffer is used once, front to back, so an
 * IV is never handed out twice.
 */
let ivPool = Buffer.alloc(0);
let ivAt = 0;
function freshIv(): Buffer {
  if (ivAt + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(4096);
    ivAt = 0;
  }
  ivAt += IV_BYTES;
  return ivPool.subarray(ivAt - IV_BYTES, ivAt);
}

/** Opens what gcmSeal made; null when the key, the context or the bytes do not match (never garbage). */
export function gcmOpen(key: Buffer, sealed: Buffer, aad: string): Buffer | null {
  if (sealed.length < IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

/** Master keys held in memory, the first one current. */
export class LocalKeyRing implements KeyWrapper {
  readonly currentKeyId: string;
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(current: Buffer, older: readonly Buffer[] = []) {
    this.currentKeyId = masterKeyId(current);
    this.keys = new Map([current, ...older].map((k) => [masterKeyId(k), k] as const));
  }

  /** `ENCRYPTION_KEY` and `ENCRYPTION_KEYS` as text; each malformed key is reported by its variable. */
  static fromText(current: string, older = ''): LocalKeyRing {
    return new LocalKeyRing(parseMasterKey(current, 'ENCRYPTION_KEY'), parseKeyList(older));
  }

  knows(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  wrap(dataKey: Buffer, context: string): Promise<WrappedKey> {
    const key = this.keys.get(this.currentKeyId) as Buffer;
    return Promise.resolve({
      keyId: this.currentKeyId,
      wrapped: gcmSeal(key, dataKey, context).toString('base64url'),
    });
  }

  unwrap(wrapped: WrappedKey, context: string): Promise<Buffer> {
    const key = this.keys.get(wrapped.keyId);
    if (!key) {
      return Promise.reject(
        new EncryptionKeyError(
          `the database holds data keys wrapped under master key ${wrapped.keyId}, which is neither ENCRYPTION_KEY ` +
            `(${this.currentKeyId}) nor in ENCRYPTION_KEYS: set the key these data were written with`,
        ),
      );
    }
    const opened = gcmOpen(key, Buffer.from(wrapped.wrapped, 'base64url'), context);
    if (!opened || opened.length !== KEY_BYTES) {
      return Promise.reject(
        new EncryptionKeyError(
          `a data key (${context}) wrapped under master key ${wrapped.keyId} does not open: the stored key was ` +
            'altered or copied from another document; restore it from a backup',
        ),
      );
    }
    return Promise.resolve(opened);
  }
}

let processRing: LocalKeyRing | undefined;
/**
 * A random master key that lives as long as this process: for tests and in-process tools that never restart on the
 * same database. The runtime always passes the configured ring (see master-key.source.ts).
 */
export function processKeyRing(): LocalKeyRing {
  processRing ??= new LocalKeyRing(randomBytes(KEY_BYTES));
  return processRing;
}
