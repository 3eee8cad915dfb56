/**
 * The verdict of a fault run, taken at the stand-in Slack API (what people actually received) and the delivery log:
 *  - turns: every acknowledged turn has an answer, and no part of any answer was posted twice;
 *  - scheduled messages: every outbox key appears in at most one post, every `sent` in the log was posted, and nothing
 *    due is left in the outbox once the instances settled.
 */
import mongoose from 'mongoose';
import { answerOf, outboxKeysOf, type TurnLedger } from './people.js';
import type { SlackStandIn } from './slack-standin.js';

export interface RunCheck {
  readonly turnsAcked: number;
  readonly turnsNotAcked: number;
  readonly answered: number;
  readonly lost: number;
  readonly duplicatedTurns: number;
  readonly scheduledPosted: number;
  readonly duplicatedMessages: number;
  readonly loggedSentNotPosted: number;
  readonly stillDue: number;
  readonly inboxLeft: number;
  readonly loggedDuplicates: number;
  readonly failedDeliveries: number;
  readonly lostSamples: string[];
  readonly duplicateSamples: string[];
}

async function settle(db: mongoose.mongo.Db, log: (line: string) => void): Promise<{ due: number; inbox: number }> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    const due = await db.collection('outbox').countDocuments({ dueAt: { $lte: new Date() } });
    const inbox = await db
      .collection('inbox')
      .countDocuments({ status: { $ne: 'done' } })
      .catch(() => 0);
    if ((due === 0 && inbox === 0) || Date.now() > deadline) return { due, inbox };
    log(`settling: ${due} due in the outbox, ${inbox} in the inbox`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
}

export async function checkRun(o: {
  uri: string;
  standIn: SlackStandIn;
  ledger: TurnLedger;
  people: readonly string[];
  log: (line: string) => void;
}): Promise<RunCheck> {
  const connection = await mongoose.createConnection(o.uri, { serverSelectionTimeoutMS: 10_000 }).asPromise();
  try {
    const db = connection.db;
    if (!db) throw new Error('no database handle');
    const { due, inbox } = await settle(db, o.log);
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const parts = new Map<string, number>();
    const answeredTurns = new Set<string>();
    const scheduled = new Map<string, number>();
    for (const post of o.standIn.posts) {
      const turn = answerOf(post);
      if (turn) {
        answeredTurns.add(turn);
        const key = `${turn}#${String(post.metadata?.event_payload.part ?? 0)}`;
        parts.set(key, (parts.get(key) ?? 0) + 1);
      }
      for (const key of outboxKeysOf(post)) scheduled.set(key, (scheduled.get(key) ?? 0) + 1);
    }
    const turns = [...o.ledger.turns.values()];
    const acked = turns.filter((t) => t.acked);
    const lost = acked.filter((t) => !answeredTurns.has(t.id));
    const duplicatedTurns = new Set([...parts].filter(([, n]) => n > 1).map(([k]) => k.split('#')[0]));
    const sent = await db
      .collection('deliveries')
      .find({ outcome: 'sent' }, { projection: { _id: 1 } })
      .toArray();
    return {
      turnsAcked: acked.length,
      turnsNotAcked: turns.length - acked.length,
      answered: acked.length - lost.length,
      lost: lost.length,
      duplicatedTurns: duplicatedTurns.size,
      scheduledPosted: scheduled.size,
      duplicatedMessages: [...scheduled.values()].filter((n) => n > 1).length,
      loggedSentNotPosted: sent.filter((d) => !scheduled.has(String(d._id))).length,
      stillDue: due,
      inboxLeft: inbox,
      loggedDuplicates: await db.collection('deliveries').countDocuments({ outcome: 'duplicate' }),
      failedDeliveries: await db.collection('deliveries').countDocuments({ outcome: 'failed' }),
      lostSamples: lost.slice(0, 5).map((t) => `${t.user} ${t.id}`),
      duplicateSamples: [...duplicatedTurns].slice(0, 5).map((id) => {
        const posts = o.standIn.posts.filter((p) => answerOf(p) === id);
        return `${id}: ${posts.map((p) => `${p.instance}@${new Date(p.at).toISOString().slice(14, 23)} part ${String(p.metadata?.event_payload.part)}`).join(', ')}`;
      }),
    };
  } finally {
    await connection.close();
  }
}
