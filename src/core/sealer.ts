/**
 * The port through which adapters that keep their own collections (the web chat's transcript, Slack's stored forms)
 * seal what they store. Implemented by the field cipher (src/security/field-cipher.ts); a sealed value is a string.
 */
export interface Sealer {
  /** Seals any JSON value (Dates kept) under the data key of `scope`, created on first use. */
  sealJson(scope: `person:${string}`, value: unknown): Promise<string>;
  /** Opens what sealJson made; a value that is not sealed (written before encryption) is returned unchanged. */
  openJson(value: unknown): Promise<unknown>;
}

/** Stores as it is: for tests of adapters that do not care about encryption. */
export const plainSealer: Sealer = {
  sealJson: async (_scope, value) => JSON.stringify(value),
  openJson: async (value) =>
    typeof value === 'string' && /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value,
};

/** The scope of a web chat user's transcript (erasure destroys it with the person). */
export const webTranscriptScope = (userId: string): `person:${string}` => `person:web:${userId}`;
/** Slack's stored forms are keyed by content, not by person: one key for them all; they expire after 30 days. */
export const slackFormsScope: `person:${string}` = 'person:slack-forms';
/** Inbound events wait in the inbox for seconds, before anyone knows the person: one key for them all. */
export const inboxScope: `person:${string}` = 'person:inbox';
