/**
 * What an operator looks at, read straight from the collections: the outbox's depth and age, deliveries that failed
 * or are being retried, people marked unreachable, installations, and putting failed items back. Ids, kinds, counts,
 * reasons and times only: no payload and nothing anyone wrote is ever returned from here.
 */
import { z } from 'zod';
import type { Models } from './schemas.js';

export interface OutboxDepth {
  readonly kind: string;
  readonly pending: number;
  /** Due now or earlier (waiting for a tick, a retry, a window or the daily cap). */
  readonly due: number;
}

export interface HeldItem {
  readonly key: string;
  readonly kind: string;
  readonly recipientId: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly nextTry: Date;
}

export interface FailedItem {
  readonly key: string;
  readonly kind: string;
  readonly recipientId: string;
  readonly channel?: string;
  readonly reason: string;
  readonly attempts: number;
  readonly at: Date;
}

export interface UnreachablePerson {
  readonly personId: string;
  readonly name: string;
  readonly channels: readonly string[];
  readonly reason: string;
  readonly since: Date;
}

export interface InstallationSummary {
  readonly id: string;
  readonly team?: string;
  readonly teamName?: string;
  readonly enterprise?: string;
  readonly botUserId?: string;
  readonly tokenExpiresAt?: Date;
  readonly updatedAt?: Date;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number => (typeof v === 'number' ? v : 0);
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(0));

const installationData = z
  .object({
    team: z.object({ id: z.string().optional(), name: z.string().optional() }).nullish(),
    enterprise: z.object({ id: z.string().optional() }).nullish(),
    bot: z.object({ userId: z.string().optional(), expiresAt: z.number().optional() }).nullish(),
  })
  .catch({});

export class MongoOperations {
  constructor(private readonly models: Models) {}

  async outboxDepth(now: Date): Promise<OutboxDepth[]> {
    const rows = await this.models.outbox.find({}, { kind: 1, dueAt: 1 }).lean();
    const byKind = new Map<string, { pending: number; due: number }>();
    for (const row of rows) {
      const entry = byKind.get(str(row.kind)) ?? { pending: 0, due: 0 };
      entry.pending += 1;
      if (date(row.dueAt).getTime() <= now.getTime()) entry.due += 1;
      byKind.set(str(row.kind), entry);
    }
    return [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, c]) => ({ kind, ...c }));
  }

  /** The due time of the oldest item that is due and not delivered yet (null: nothing is waiting). */
  async oldestDue(now: Date): Promise<Date | null> {
    const doc = await this.models.outbox
      .findOne({ dueAt: { $lte: now } }, { dueAt: 1 })
      .sort({ dueAt: 1 })
      .lean();
    return doc ? date(doc.dueAt) : null;
  }

  /** Items that failed at least once and wait for their next try. */
  async held(limit = 100): Promise<HeldItem[]> {
    const docs = await this.models.outbox
      .find({ attempts: { $gt: 0 } })
      .sort({ dueAt: 1 })
      .limit(limit)
      .lean();
    return docs.map((d) => ({
      key: String(d._id),
      kind: str(d.kind),
      recipientId: str(d.recipientId),
      attempts: int(d.attempts),
      lastError: str(d.lastError),
      nextTry: date(d.dueAt),
    }));
  }

  async failed(options: { since?: Date; limit?: number } = {}): Promise<FailedItem[]> {
    const filter = { outcome: 'failed', ...(options.since ? { deliveredAt: { $gte: options.since } } : {}) };
    const docs = await this.models.delivery
      .find(filter)
      .sort({ deliveredAt: -1 })
      .limit(options.limit ?? 100)
      .lean();
    return docs.map((d) => ({
      key: String(d._id),
      kind: str(d.kind),
      recipientId: str(d.recipientId),
      ...(d.channel ? { channel: str(d.channel) } : {}),
      reason: str(d.reason),
      attempts: int(d.attempts),
      at: date(d.deliveredAt),
    }));
  }

  async unreachable(limit = 200): Promise<UnreachablePerson[]> {
    const docs = await this.models.person
      .find({ unreachable: { $exists: true, $ne: null } }, { displayName: 1, identities: 1, unreachable: 1 })
      .limit(limit)
      .lean();
    return docs.map((d) => {
      const mark = (d.unreachable ?? {}) as { reason?: unknown; at?: unknown };
      const identities = Array.isArray(d.identities) ? (d.identities as { channel?: unknown }[]) : [];
      return {
        personId: String(d._id),
        name: str(d.displayName),
        channels: [...new Set(identities.map((i) => str(i.channel)).filter(Boolean))],
        reason: str(mark.reason),
        since: date(mark.at),
      };
    });
  }

  async installations(): Promise<InstallationSummary[]> {
    const docs = await this.models.installation.find({}, { data: 1, updatedAt: 1 }).lean();
    return docs.map((d) => {
      const data = installationData.parse(d.data);
      return {
        id: String(d._id),
        ...(data.team?.id ? { team: data.team.id } : {}),
        ...(data.team?.name ? { teamName: data.team.name } : {}),
        ...(data.enterprise?.id ? { enterprise: data.enterprise.id } : {}),
        ...(data.bot?.userId ? { botUserId: data.bot.userId } : {}),
        ...(data.bot?.expiresAt ? { tokenExpiresAt: new Date(data.bot.expiresAt * 1000) } : {}),
        ...(d.updatedAt instanceof Date ? { updatedAt: d.updatedAt } : {}),
      };
    });
  }

  /**
   * Puts a failed delivery back in the outbox, due now, with its attempts reset; its recipient's unreachable mark is
   * cleared (retrying says "the cause is fixed"). The failed log entry is kept under `<key>#retried@<time>` for the
   * history, then removed under its own key (the dispatcher treats a logged key as delivered), then the item is
   * planned. Returns false when the key is not a failed delivery.
   */
  async retry(key: string, now: Date): Promise<boolean> {
    const entry = await this.models.delivery.findOne({ _id: key, outcome: 'failed' }).lean();
    if (!entry) return false;
    const { _id: _ignored, ...rest } = entry;
    await this.models.delivery.updateOne(
      { _id: `${key}#retried@${now.toISOString()}` },
      { $setOnInsert: { ...rest, outcome: 'retried' } },
      { upsert: true },
    );
    await this.models.delivery.deleteOne({ _id: key, outcome: 'failed' });
    await this.models.outbox.updateOne(
      { _id: key },
      {
        $setOnInsert: {
          kind: entry.kind,
          recipientId: entry.recipientId,
          dueAt: now,
          payload: entry.payload ?? {},
          urgent: entry.urgent === true,
          status: 'pending',
          attempts: 0,
          createdAt: now,
        },
      },
      { upsert: true },
    );
    await this.models.person.updateOne({ _id: entry.recipientId }, { $unset: { unreachable: '' } });
    return true;
  }
}
