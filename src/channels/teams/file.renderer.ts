/**
 * Files that travel with a reply (a calendar invitation, a data export). With somewhere to keep them (the channel's
 * offered files), each file is offered after the reply's own message with a FileConsentCard (file.consent.ts), which
 * puts it in the person's OneDrive as a real Teams file. Without (tests of other things, tools), one message carries
 * each file inline as a `data:` URL with its media type and name.
 */
import type { Activity } from 'botbuilder';
import type { Logger } from '../../core/logger.js';
import type { FileAttachment, Reply } from '../../core/reply.js';
import { offerFile, type FileOfferMessage } from './file.consent.js';
import type { FileOwner, OfferedFiles } from './ports.js';
import { safeFilename } from '../../core/reply.js';
import { renderReply, type TeamsMessage } from './card.renderer.js';

/** A file as a Bot Framework attachment. */
export interface FileAttachmentActivity {
  readonly contentType: string;
  readonly contentUrl: string;
  readonly name: string;
}

/** A message that carries files only. */
export interface TeamsFileMessage {
  readonly type: 'message';
  readonly summary: string;
  readonly attachments: readonly FileAttachmentActivity[];
}

/** The media type without parameters (`text/calendar; method=REQUEST` → `text/calendar`). */
const baseType = (mediaType: string): string => mediaType.split(';')[0]?.trim() || 'application/octet-stream';

export function fileAttachment(file: FileAttachment): FileAttachmentActivity {
  const base64 = Buffer.from(file.content, 'utf8').toString('base64');
  return {
    contentType: baseType(file.mediaType),
    contentUrl: `data:${baseType(file.mediaType)};base64,${base64}`,
    name: safeFilename(file.filename),
  };
}

/** The reply as Teams messages: its card or text, then one message with its files (when it has any). */
export function renderWithFiles(reply: Reply): (TeamsMessage | TeamsFileMessage)[] {
  const messages: (TeamsMessage | TeamsFileMessage)[] = [renderReply(reply)];
  const files = reply.files ?? [];
  if (files.length > 0) {
    const names = files.map((f) => f.title ?? safeFilename(f.filename)).join(', ');
    messages.push({ type: 'message', summary: names, attachments: files.map(fileAttachment) });
  }
  return messages;
}

/** Offers one file to the person the reply goes to (offerFile bound to the store, the owner and the time). */
export type OfferFile = (file: FileAttachment) => Promise<FileOfferMessage>;

/** The reply as Teams messages: its card or text, then each file offered for the person's OneDrive (or inline). */
export async function renderForTeams(
  reply: Reply,
  offer?: OfferFile,
): Promise<(TeamsMessage | TeamsFileMessage | FileOfferMessage)[]> {
  const files = reply.files ?? [];
  if (!offer || files.length === 0) return renderWithFiles(reply);
  const offers: FileOfferMessage[] = [];
  for (const file of files) offers.push(await offer(file));
  return [renderReply(reply), ...offers];
}

/** Our SDK-free message as the SDK's partial Activity. */
export function toActivity(message: TeamsMessage | TeamsFileMessage | FileOfferMessage): Partial<Activity> {
  const { attachments, ...rest } = message;
  return attachments ? { ...rest, attachments: attachments.map((a) => ({ ...a })) } : { ...rest };
}

export interface RenderRepliesOptions {
  /** Where to keep offered files, and who they are for; without them files go inline. */
  readonly files?: OfferedFiles;
  readonly owner?: FileOwner;
  readonly now: Date;
  readonly logger: Logger;
}

/** Replies as the activities to send; a file that cannot be kept for an offer goes inline instead (logged). */
export async function renderReplies(
  replies: readonly Reply[],
  options: RenderRepliesOptions,
): Promise<Partial<Activity>[]> {
  const { files, owner } = options;
  const offer: OfferFile | undefined =
    files && owner ? (file) => offerFile(files, owner, file, options.now) : undefined;
  const messages: Partial<Activity>[] = [];
  for (const reply of replies) {
    const rendered = await renderForTeams(reply, offer).catch((error: unknown) => {
      options.logger.warn(
        { err: error instanceof Error ? error.message : 'unknown' },
        'teams: could not keep a file to offer; sent inline',
      );
      return renderWithFiles(reply);
    });
    messages.push(...rendered.map(toActivity));
  }
  return messages;
}
