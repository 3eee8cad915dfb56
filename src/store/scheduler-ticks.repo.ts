/**
 * The scheduler's heartbeat per instance: when this instance last ticked, how long it took and what it did. One
 * small document per instance (`_id` = instance id), overwritten each tick; the operator's `status` lists them, so
 * a dead or stuck instance shows as an old `at`. Counts only, never what a message said.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface TickRecord {
  readonly instance: string;
  readonly at: Date;
  readonly durationMs: number;
  readonly claimed: number;
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
}

const tickSchema = new Schema<Record<string, unknown>>(
  {
    _id: String,
    at: Date,
    durationMs: Number,
    claimed: Number,
    sent: Number,
    retried: Number,
    failed: Number,
  },
  { versionKey: false, collection: 'schedulerTicks' },
);

type TickModel = Model<Record<string, unknown>>;

const modelOf = (connection: Connection): TickModel =>
  (connection.models.SchedulerTick as TickModel | undefined) ??
  connection.model<Record<string, unknown>>('SchedulerTick', tickSchema);

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export class MongoSchedulerTicks {
  private readonly model: TickModel;
  constructor(connection: Connection) {
    this.model = modelOf(connection);
  }

  async record(tick: TickRecord): Promise<void> {
    const { instance, ...rest } = tick;
    await this.model.updateOne({ _id: instance }, { $set: rest }, { upsert: true });
  }

  /** Every instance's last tick, most recent first. */
  async latest(limit = 50): Promise<TickRecord[]> {
    const docs = await this.model.find({}).sort({ at: -1 }).limit(limit).lean();
    return docs.map((d) => ({
      instance: String(d._id),
      at: d.at instanceof Date ? d.at : new Date(0),
      durationMs: num(d.durationMs),
      claimed: num(d.claimed),
      sent: num(d.sent),
      retried: num(d.retried),
      failed: num(d.failed),
    }));
  }
}
