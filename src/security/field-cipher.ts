/**
 * Encryption at rest for free text: the one module the repositories use. Each text is sealed with AES-256-GCM under
 * the data key of its scope (a person, or a trajectory: see docs/decisions/encryption-data-keys.md);
 * each data key is stored wrapped by the master key (`KeyWrapper`). Destroying a scope's data key makes every copy of
 * its texts unreadable, backups included.
 *
 * A sealed value is a string `enc1:<base64url iv|ciphertext|tag>:<scope>`. The scope is the additional
 * authenticated data, so a sealed text moved to another person's document does not open. Ids, dates and states are
 * never sealed: queries never need plaintext. A string without the prefix is read as it is (documents written before
 * encryption was switched on); everything written from then on is sealed.
 */
import { randomBytes } from 'node:crypto';
import { AppError } from '../core/errors.js';
import { EncryptionKeyError, gcmOpen, gcmSeal, KEY_BYTES, type KeyWrapper, type WrappedKey } from './key-ring.js';

export type KeyScope = `person:${string}` | `trajectory:${string}`;
export const personScope = (personId: string): KeyScope => `person:${personId}`;
export const trajectoryScope = (trajectoryId: string): KeyScope => `trajectory:${trajectoryId}`;

export interface StoredDataKey extends WrappedKey {
  readonly scope: string;
  readonly createdAt: Date;
}

/** Where wrapped data keys live (the store implements it on the `data_keys` collection). */
export interface DataKeyStore {
  get(scope: string): Promise<StoredDataKey | null>;
  /** False when a key for the scope exists already (someone created it a moment ago). */
  insert(key: StoredDataKey): Promise<boolean>;
  /** Destroys the keys of these scopes; returns how many went. */
  remove(scopes: readonly string[]): Promise<number>;
  /** Up to `limit` keys wrapped under another master key than `keyId`. */
  listWrappedByOther(keyId: string, limit: number): Promise<StoredDataKey[]>;
  /** Compare-and-set on the wrapping key id. */
  replaceWrap(scope: string, fromKeyId: string, to: WrappedKey): Promise<boolean>;
  /** The master key ids the stored keys are wrapped under. */
  keyIds(): Promise<string[]>;
}

const PREFIX = 'enc1:';
const CACHE_SIZE = 5000;

/** The data key of a scope was destroyed (the person or trajectory was deleted): its texts cannot be read. */
export class DataKeyGoneError extends AppError {
  constructor(scope: string) {
    super('not_found', `the data key of ${scope} was destroyed: its texts are no longer readable`);
    this.name = 'DataKeyGoneError';
  }
}

export class FieldCipher {
  private readonly cache = new Map<string, Buffer>();
  private readonly loading = new Map<string, Promise<Buffer | null>>();

  constructor(
    private readonly wrapper: KeyWrapper,
    private readonly store: DataKeyStore,
  ) {}

  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(PREFIX);
  }

  async seal(scope: KeyScope, text: string): Promise<string> {
    const key = await this.dataKey(scope, true);
    return `${PREFIX}${gcmSeal(key, Buffer.from(text, 'utf8'), scope).toString('base64url')}:${scope}`;
  }

  /** Plaintext of a sealed value; an unsealed string is returned as it is. */
  async open(value: string): Promise<string> {
    if (!FieldCipher.isSealed(value)) return value;
    const sealed = splitSealed(value);
    return openWith(await this.dataKey(sealed.scope, false), sealed);
  }

  /** Seals any JSON value, Dates kept as Dates. */
  sealJson(scope: KeyScope, value: unknown): Promise<string> {
    return this.seal(scope, JSON.stringify(value, dateReplacer));
  }

  /** Opens what sealJson made; a value that is not a sealed string is returned unchanged. */
  async openJson(value: unknown): Promise<unknown> {
    if (!FieldCipher.isSealed(value)) return value;
    return JSON.parse(await this.open(value), dateReviver) as unknown;
  }

  /**
   * For sealed values that may never need opening (a dialog's saved answers: only a platform retry reads one): fetches
   * their data keys now, as `openJson` would (a destroyed key throws here), and returns an `openJson` that opens any
   * of `values` later without waiting, and only then pays for the decryption.
   */
  async jsonOpener(values: readonly unknown[]): Promise<(value: unknown) => unknown> {
    const keys = new Map<string, Buffer>();
    for (const value of values) {
      if (!FieldCipher.isSealed(value)) continue;
      const { scope } = splitSealed(value);
      if (!keys.has(scope)) keys.set(scope, await this.dataKey(scope, false));
    }
    return (value) => {
      if (!FieldCipher.isSealed(value)) return value;
      const sealed = splitSealed(value);
      const key = keys.get(sealed.scope);
      if (!key) throw new AppError('internal', `a sealed text of ${sealed.scope} was not among the values to open`);
      return JSON.parse(openWith(key, sealed), dateReviver) as unknown;
    };
  }

  /** Destroys the data keys of these scopes: whatever was sealed under them, wherever it is, stays unreadable. */
  async destroy(scopes: readonly KeyScope[]): Promise<number> {
    for (const scope of scopes) this.cache.delete(scope);
    return scopes.length ? this.store.remove(scopes) : 0;
  }

  /**
   * Start-up check: every master key the stored data keys were wrapped under must be in the ring, so a wrong or
   * missing key stops the start with one message naming the variable instead of failing on the first read.
   */
  async verify(): Promise<void> {
    const unknown = (await this.store.keyIds()).filter((id) => !this.wrapper.knows(id));
    if (unknown.length > 0) {
      throw new EncryptionKeyError(
        `the database holds data keys wrapped under master key ${unknown.join(', ')}, which is neither ENCRYPTION_KEY ` +
          `(${this.wrapper.currentKeyId}) nor in ENCRYPTION_KEYS: set the key these data were written with`,
      );
    }
  }

  /** Re-wraps every data key under the current master key (after a rotation); returns how many changed. */
  async rewrap(batch = 200): Promise<number> {
    let changed = 0;
    for (;;) {
      const keys = await this.store.listWrappedByOther(this.wrapper.currentKeyId, batch);
      if (keys.length === 0) return changed;
      for (const stored of keys) {
        const plain = await this.wrapper.unwrap(stored, stored.scope);
        const next = await this.wrapper.wrap(plain, stored.scope);
        if (await this.store.replaceWrap(stored.scope, stored.keyId, next)) changed += 1;
      }
    }
  }

  private async dataKey(scope: KeyScope, create: boolean): Promise<Buffer> {
    const cached = this.cache.get(scope);
    if (cached) {
      this.cache.delete(scope); // re-insert: the Map's order is the recency order
      this.cache.set(scope, cached);
      return cached;
    }
    let pending = this.loading.get(scope);
    if (!pending) {
      pending = this.load(scope, create).finally(() => this.loading.delete(scope));
      this.loading.set(scope, pending);
    }
    const key = (await pending) ?? (create ? await this.load(scope, true) : null);
    if (!key) throw new DataKeyGoneError(scope);
    this.cache.set(scope, key);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return key;
  }

  private async load(scope: KeyScope, create: boolean): Promise<Buffer | null> {
    const stored = await this.store.get(scope);
    if (stored) return this.wrapper.unwrap(stored, scope);
    if (!create) return null;
    const key = randomBytes(KEY_BYTES);
    const wrapped = await this.wrapper.wrap(key, scope);
    if (await this.store.insert({ scope, ...wrapped, createdAt: new Date() })) return key;
    const winner = await this.store.get(scope); // created by someone else a moment ago: use theirs
    return winner ? this.wrapper.unwrap(winner, scope) : null;
  }
}

interface SealedParts {
  readonly scope: KeyScope;
  readonly body: string;
}

function splitSealed(value: string): SealedParts {
  const rest = value.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  const scope = rest.slice(colon + 1) as KeyScope;
  if (colon < 0 || !scope) throw new AppError('internal', 'a sealed text has no scope');
  return { scope, body: rest.slice(0, colon) };
}

function openWith(key: Buffer, { scope, body }: SealedParts): string {
  const plain = gcmOpen(key, Buffer.from(body, 'base64url'), scope);
  if (!plain) throw new AppError('internal', `a sealed text of ${scope} does not open: it was altered or moved`);
  return plain.toString('utf8');
}

function dateReplacer(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function dateReviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const date = (value as { $date?: unknown }).$date;
    if (keys.length === 1 && typeof date === 'string') return new Date(date);
  }
  return value;
}
