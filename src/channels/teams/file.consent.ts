/**
 * Files in a Teams personal chat as real files (a calendar invitation, a data export). A bot may put a file in the
 * person's OneDrive only after they agree, so each file is offered with a FileConsentCard: the file is kept (sealed,
 * for OFFER_DAYS) and the card carries only its id. Pressing Allow makes Teams send a `fileConsent/invoke` with an
 * upload URL: the bytes are PUT there, and a FileInfoCard shows the saved file in the chat, which opens and downloads
 * like any Teams file. Decline gets a kind sentence. Only the person the file was offered to can take it; a file
 * already saved, declined or expired gets an answer saying so, never an error.
 *
 * Needs `supportsFiles: true` in the manifest's bot (manifests/teams/manifest.json). Teams offers this flow in
 * personal chats only, the only scope the bot uses.
 */
import { z } from 'zod';
import type { TurnContext } from 'botbuilder';
import type { FileAttachment } from '../../core/reply.js';
import { safeFilename } from '../../core/reply.js';
import type { Logger } from '../../core/logger.js';
import type { Translate } from '../../i18n/index.js';
import type { FileOwner, OfferedFiles } from './ports.js';

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';
/** How long an offered file waits for Allow or Decline. */
export const OFFER_DAYS = 7;

/** A FileConsentCard attachment: the file's name and size, and the id we get back on Allow or Decline. */
export interface FileConsentAttachment {
  readonly contentType: typeof FILE_CONSENT_CARD;
  readonly name: string;
  readonly content: {
    readonly description: string;
    readonly sizeInBytes: number;
    readonly acceptContext: { readonly fileId: string };
    readonly declineContext: { readonly fileId: string };
  };
}

/** A message that offers one file. */
export interface FileOfferMessage {
  readonly type: 'message';
  readonly summary: string;
  readonly attachments: readonly FileConsentAttachment[];
}

/** Keeps the file for its owner and returns the message that offers it. */
export async function offerFile(
  files: OfferedFiles,
  owner: FileOwner,
  file: FileAttachment,
  now: Date,
): Promise<FileOfferMessage> {
  const name = safeFilename(file.filename);
  const expiresAt = new Date(now.getTime() + OFFER_DAYS * 86_400_000);
  const fileId = await files.keep({ ...owner, filename: name, content: file.content }, expiresAt);
  const description = file.title ?? name;
  return {
    type: 'message',
    summary: description,
    attachments: [
      {
        contentType: FILE_CONSENT_CARD,
        name,
        content: {
          description,
          sizeInBytes: Buffer.byteLength(file.content, 'utf8'),
          acceptContext: { fileId },
          declineContext: { fileId },
        },
      },
    ],
  };
}

const consentSchema = z.looseObject({
  type: z.literal('fileUpload').optional(),
  action: z.enum(['accept', 'decline']),
  context: z.looseObject({ fileId: z.string().min(1).max(100) }),
  uploadInfo: z
    .looseObject({
      name: z.string().min(1),
      uploadUrl: z.url({ protocol: /^https?$/ }),
      contentUrl: z.string().min(1),
      uniqueId: z.string().optional(),
      fileType: z.string().optional(),
    })
    .optional(),
});
export type FileConsent = z.infer<typeof consentSchema>;

export const readConsent = (value: unknown): FileConsent | null => consentSchema.safeParse(value).data ?? null;

export interface ConsentDeps {
  readonly files: OfferedFiles;
  readonly t: Translate;
  readonly logger: Logger;
  /** The HTTP client for the upload (global fetch; tests intercept it with nock). */
  readonly fetch?: typeof fetch;
}

/** What to show after Allow or Decline: a FileInfoCard for a saved file, or a sentence. */
export type ConsentAnswer =
  | { readonly kind: 'saved'; readonly message: Record<string, unknown> }
  | { readonly kind: 'text'; readonly text: string };

/** Handles Allow (upload, then the FileInfoCard) or Decline for the person `owner`. */
export async function answerConsent(consent: FileConsent, owner: FileOwner, deps: ConsentDeps): Promise<ConsentAnswer> {
  const file = await deps.files.find(consent.context.fileId);
  if (!file || file.tenantId !== owner.tenantId || file.userId !== owner.userId)
    return { kind: 'text', text: deps.t('teams.file.gone') };
  if (consent.action === 'decline') {
    await deps.files.remove(file.id);
    return { kind: 'text', text: deps.t('teams.file.declined', { name: file.filename }) };
  }
  const info = consent.uploadInfo;
  if (!info) return { kind: 'text', text: deps.t('teams.file.notSaved', { name: file.filename }) };
  const bytes = Buffer.from(file.content, 'utf8');
  const status = await upload(deps.fetch ?? fetch, info.uploadUrl, bytes).catch((error: unknown) => {
    deps.logger.warn(
      { err: error instanceof Error ? error.message : 'unknown' },
      'teams: file upload did not complete',
    );
    return 0;
  });
  if (status < 200 || status >= 300) {
    if (status) deps.logger.warn({ status }, 'teams: the upload URL refused the file');
    return { kind: 'text', text: deps.t('teams.file.notSaved', { name: file.filename }) };
  }
  await deps.files.remove(file.id);
  return {
    kind: 'saved',
    message: {
      type: 'message',
      attachments: [
        {
          contentType: FILE_INFO_CARD,
          contentUrl: info.contentUrl,
          name: info.name,
          content: { uniqueId: info.uniqueId ?? '', fileType: info.fileType ?? extensionOf(info.name) },
        },
      ],
    },
  };
}

/** One PUT of the whole file to the OneDrive upload session Teams opened for it. */
async function upload(client: typeof fetch, url: string, bytes: Buffer): Promise<number> {
  const res = await client(url, {
    method: 'PUT',
    headers: {
      'content-length': String(bytes.length),
      'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}`,
    },
    body: new Uint8Array(bytes),
    signal: AbortSignal.timeout(30_000),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}

const extensionOf = (name: string): string => /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** Answers the invoke (Teams waits for it) after the consent was handled. */
export async function acknowledgeInvoke(context: TurnContext): Promise<void> {
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
}
