/**
 * Files that travel with a reply (a calendar invitation, a data export), uploaded into the person's DM with Slack's
 * files.uploadV2 flow: `files.getUploadURLExternal` → the bytes to the returned upload URL →
 * `files.completeUploadExternal` with the channel, which shares the file there. Needs the `files:write` scope.
 */
import type { webApi } from '@slack/bolt';
import type { FileAttachment } from '../../core/reply.js';
import { safeFilename } from '../../core/reply.js';

/** Uploads the files into `channel`, one after the other (their order is the order people see). */
export async function uploadFiles(
  client: webApi.WebClient,
  channel: string,
  files: readonly FileAttachment[],
  token?: string,
): Promise<void> {
  for (const file of files) {
    const filename = safeFilename(file.filename);
    await client.filesUploadV2({
      ...(token ? { token } : {}),
      channel_id: channel,
      file: Buffer.from(file.content, 'utf8'),
      filename,
      title: file.title ?? filename,
    });
  }
}
