/**
 * The calendar version of each session's event: its SEQUENCE and what it last said (start, called off). Changing it
 * is a compare-and-set on the sequence, so a replayed lifecycle event (the same state again) changes nothing and two
 * racing changes cannot both claim one sequence number.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from './mongo.errors.js';

export interface CalendarState {
  readonly sessionId: string;
  readonly sequence: number;
  readonly startsAt: Date;
  readonly cancelled: boolean;
}

const schema = new Schema<Record<string, unknown>>(
  { _id: String, sequence: Number, startsAt: Date, cancelled: Boolean },
  { versionKey: false, collection: 'calendarEvents' },
);

type CalendarModel = Model<Record<string, unknown>>;

export class MongoCalendarEvents {
  private readonly model: CalendarModel;
  constructor(connection: Connection) {
    this.model =
      (connection.models.CalendarEvent as CalendarModel | undefined) ??
      connection.model<Record<string, unknown>>('CalendarEvent', schema);
  }

  async get(sessionId: string): Promise<CalendarState | null> {
    const doc = await this.model.findById(sessionId).lean();
    if (!doc) return null;
    return {
      sessionId,
      sequence: typeof doc.sequence === 'number' ? doc.sequence : 0,
      startsAt: doc.startsAt instanceof Date ? doc.startsAt : new Date(0),
      cancelled: doc.cancelled === true,
    };
  }

  /**
   * Records the event's new state: the first version (sequence 0), or the next one after `previous`. Returns the
   * stored state, or null when someone else recorded a version in between (the caller reads again).
   */
  async advance(previous: CalendarState | null, next: Omit<CalendarState, 'sequence'>): Promise<CalendarState | null> {
    const state = { ...next, sequence: previous ? previous.sequence + 1 : 0 };
    const set = { sequence: state.sequence, startsAt: state.startsAt, cancelled: state.cancelled };
    if (!previous) {
      try {
        await this.model.create({ _id: next.sessionId, ...set });
        return state;
      } catch (error) {
        if (isDuplicateKey(error)) return null;
        throw error;
      }
    }
    const result = await this.model.updateOne({ _id: next.sessionId, sequence: previous.sequence }, { $set: set });
    return result.modifiedCount === 1 ? state : null;
  }
}
