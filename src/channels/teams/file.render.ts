/**
 * Files that travel with a reply (a calendar invitation, a data export) as Bot Framework attachments: one message
 * after the reply's own, carrying each file inline as a `data:` URL with its media type and name. Teams offers such an
 * attachment for download in the personal chat; the reply's text says what it is for clients that show no file.
 */
import type { FileAttachment, Reply } from '../../core/reply.js';
import { safeFilename } from '../../core/reply.js';
import { renderReply, type TeamsMessage } from './card.render.js';

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
