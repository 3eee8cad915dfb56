/**
 * Stopping honestly, tried on the real process (`src/main.ts`, spawned as in the fault run) with a stand-in Slack API
 * whose answer to the bot's post is held: SIGTERM must wait for the turn in flight up to STOP_GRACE_SECONDS, and the
 * last log line must say what happened — "stopped cleanly" only when nothing was abandoned, otherwise the counts by
 * kind, and the abandoned turn stays in the inbox for another instance.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Balancer } from '../chaos/balancer.js';
import { BotInstance } from '../chaos/cluster.js';
import { dmChannel, SlackStandIn, TEAM, type PostedMessage } from '../chaos/slack-standin.js';
import { mongoUri } from '../support/db.js';

const dir = mkdtempSync(join(tmpdir(), 'coach-stop-'));
const standIn = new SlackStandIn();
const databases: string[] = [];

interface LogLine {
  readonly msg?: string;
  readonly level?: number;
  readonly [field: string]: unknown;
}

function logLines(bot: BotInstance): LogLine[] {
  return readFileSync(bot.proc?.logFile ?? '', 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

function bot(name: string, graceSeconds: number): BotInstance {
  const db = `stop_${name}_${randomUUID().slice(0, 8)}`;
  databases.push(db);
  return new BotInstance(name, {
    dir,
    mongoUri: `${mongoUri()}/${db}`,
    standIn,
    env: { LOG_LEVEL: 'info', STOP_GRACE_SECONDS: String(graceSeconds), SCHEDULER_ENABLED: 'false' },
  });
}

/** A person writes a DM; resolves with the bot's answer post, which the stand-in holds for `holdMs`. */
async function answerHeld(instance: BotInstance, user: string, holdMs: number): Promise<{ post: PostedMessage }> {
  const posted = new Promise<PostedMessage>((resolve) => {
    standIn.onPost = (post) => {
      if (post.instance !== instance.name || post.metadata?.event_type !== 'coach_answer') return undefined;
      resolve(post);
      return new Promise((release) => setTimeout(release, holdMs));
    };
  });
  const now = Date.now() / 1000;
  const event = { type: 'message', channel: dmChannel(user), channel_type: 'im', user, text: 'start', ts: `${now}` };
  const { delivery } = await new Balancer([instance]).event({ ...event, event_ts: `${now}`, team: TEAM });
  expect(delivery.acked).toBe(true);
  return { post: await posted };
}

describe('SIGTERM with a Slack answer in flight', () => {
  const patient = bot('patient', 20);
  const hurried = bot('hurried', 2);

  beforeAll(async () => {
    await standIn.start();
    await Promise.all([patient.start(), hurried.start()]);
  }, 150_000);

  afterAll(async () => {
    await Promise.all([patient.kill(), hurried.kill()]);
    await standIn.stop();
    const connection = await mongoose.createConnection(mongoUri()).asPromise();
    for (const db of databases)
      await connection
        .useDb(db)
        .dropDatabase()
        .catch(() => undefined);
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('waits for the answer (held 4 s) and only then says "stopped cleanly", exit 0, also when the signal is relayed twice', async () => {
    await answerHeld(patient, 'U0PATIENT', 4_000);
    const signalled = Date.now();
    const exiting = patient.terminate();
    // What tsx or npm do when the child is slow to answer: the same SIGTERM passed on a moment later.
    setTimeout(() => patient.proc?.child.kill('SIGTERM'), 100);
    const code = await exiting;
    const tookMs = Date.now() - signalled;
    expect(code).toBe(0);
    expect(tookMs).toBeGreaterThanOrEqual(3_500);
    const lines = logLines(patient);
    expect(lines.at(-1)?.msg).toBe('stopped cleanly');
    expect(lines.some((l) => l.msg === 'stopped, work abandoned')).toBe(false);
    expect(lines.some((l) => /second signal/.test(l.msg ?? ''))).toBe(false);
  }, 60_000);

  it('past STOP_GRACE_SECONDS (2 s) it abandons the turn, says so with counts, exit 1; the turn stays in the inbox', async () => {
    const { post } = await answerHeld(hurried, 'U0HURRIED', 60_000);
    const signalled = Date.now();
    const code = await hurried.terminate();
    const tookMs = Date.now() - signalled;
    expect(code).toBe(1);
    expect(tookMs).toBeGreaterThanOrEqual(1_800);
    expect(tookMs).toBeLessThan(2_000 + 3_500 + 1_000);
    const lines = logLines(hurried);
    const last = lines.at(-1);
    expect(last?.msg).toBe('stopped, work abandoned');
    expect(last?.abandoned).toEqual({ 'slack turns': 1 });
    expect(lines.some((l) => l.msg === 'stopped cleanly')).toBe(false);
    // Counts and kinds only: nothing the person wrote or was answered.
    expect(post.text.length).toBeGreaterThan(20);
    expect(JSON.stringify(last)).not.toContain(post.text.slice(0, 20));

    const connection = await mongoose.createConnection(`${mongoUri()}/${databases[1] ?? ''}`).asPromise();
    try {
      const pending = await connection.db?.collection('inbox').countDocuments({ status: 'pending' });
      expect(pending).toBe(1);
    } finally {
      await connection.close();
    }
  }, 60_000);
});
