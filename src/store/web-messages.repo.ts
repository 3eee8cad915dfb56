/**
 * The web chat's transcript (`web_messages`): what each web user sent and what the bot answered or sent proactively,
 * so a page reload (or a second tab) shows the same conversation. Slack and Teams keep their own history; the web
 * chat has nobody else to do it.
 *
 * Ordering uses `seq`, a per-process increasing number (milliseconds × 1000 + a counter). The web chat is a local
 * development channel served by one process; two processes writing to one user's chat in the same millisecond could
 * interleave, which is harmless here.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Reply } from '../core/reply.js';
import { plainSealer, webTranscriptScope, type Sealer } from '../core/sealer.js';
import type { WebMessage, WebMessageStore, WebSender } from '../channels/web/ports.js';
import type { Models } from './schemas.js';

// A stored reply is read back through zod like every other document: a foreign shape is refused, not rendered.
const fieldSchema = z.object({ label: z.string(), value: z.string() });
const buttonSchema = z.object({
  action: z.string(),
  label: z.string(),
  value: z.string().exactOptional(),
  style: z.enum(['primary', 'danger']).exactOptional(),
});
const inputSchema = z.object({
  id: z.string(),
  label: z.string(),
  type: z.enum(['text', 'multiline', 'date', 'choice']),
  required: z.boolean().exactOptional(),
  initial: z.string().exactOptional(),
  placeholder: z.string().exactOptional(),
  maxLength: z.number().exactOptional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })).exactOptional(),
});
const blockSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('section'), title: z.string(), text: z.string().exactOptional() }),
  z.object({ kind: z.literal('fields'), fields: z.array(fieldSchema) }),
  z.object({
    kind: z.literal('list'),
    title: z.string().exactOptional(),
    items: z.array(z.string()),
    ordered: z.boolean().exactOptional(),
  }),
  z.object({ kind: z.literal('buttons'), buttons: z.array(buttonSchema) }),
  z.object({
    kind: z.literal('form'),
    form: z.object({
      id: z.string(),
      title: z.string(),
      submitLabel: z.string(),
      inputs: z.array(inputSchema),
      value: z.string().exactOptional(),
      errors: z.record(z.string(), z.string()).exactOptional(),
    }),
  }),
]);
const fileSchema = z.object({
  filename: z.string(),
  mediaType: z.string(),
  content: z.string(),
  title: z.string().exactOptional(),
});
const replySchema = z.object({
  text: z.string(),
  blocks: z.array(blockSchema).exactOptional(),
  files: z.array(fileSchema).exactOptional(),
});
const storedSchema = z.object({
  _id: z.string(),
  userId: z.string(),
  seq: z.number(),
  from: z.enum(['me', 'bot']),
  kind: z.enum(['reply', 'proactive', 'input']),
  at: z.date(),
  reply: replySchema,
});

let lastSeq = 0;
/** Strictly increasing within the process, roughly wall-clock ordered across restarts. */
function nextSeq(): number {
  lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
  return lastSeq;
}

export class MongoWebMessages implements WebMessageStore {
  private readonly model: Models['webMessage'];

  /** `sealer` seals what was said under the web user's transcript key (erasure destroys it with the person). */
  constructor(
    models: Pick<Models, 'webMessage'>,
    private readonly sealer: Sealer = plainSealer,
  ) {
    this.model = models.webMessage;
  }

  async append(
    userId: string,
    from: WebSender,
    kind: WebMessage['kind'],
    replies: readonly Reply[],
    at: Date,
  ): Promise<WebMessage[]> {
    const docs = replies.map((reply) => ({
      _id: randomUUID(),
      userId,
      seq: nextSeq(),
      from,
      kind,
      at,
      reply: JSON.parse(JSON.stringify(reply)) as Reply,
    }));
    // What was said is sealed under the user's transcript key; the document keeps ids, order and time in the clear.
    const scope = webTranscriptScope(userId);
    const sealed = await Promise.all(
      docs.map(async (d) => ({ ...d, reply: await this.sealer.sealJson(scope, d.reply) })),
    );
    if (sealed.length > 0) await this.model.insertMany(sealed);
    return docs.map(({ _id, ...rest }) => ({ id: _id, ...rest }));
  }

  async list(userId: string, afterSeq: number, limit = 200): Promise<WebMessage[]> {
    const docs =
      afterSeq > 0
        ? await this.model
            .find({ userId, seq: { $gt: afterSeq } })
            .sort({ seq: 1 })
            .limit(limit)
            .lean()
        : (await this.model.find({ userId }).sort({ seq: -1 }).limit(limit).lean()).reverse();
    const out: WebMessage[] = [];
    for (const doc of docs) {
      const parsed = storedSchema.safeParse({ ...doc, reply: await this.sealer.openJson(doc.reply) });
      if (!parsed.success) continue; // a foreign document is skipped rather than breaking the whole chat
      const { _id, ...rest } = parsed.data;
      out.push({ id: _id, ...rest });
    }
    return out;
  }

  async count(userId: string): Promise<number> {
    return this.model.countDocuments({ userId });
  }
}
