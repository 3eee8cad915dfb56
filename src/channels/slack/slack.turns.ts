/**
 * Running a person's turns: a DM, command or button press is stored through the inbox before Slack is acknowledged
 * (slack.inbox.ts), then run here, on this instance or, after a crash, on whichever instance takes it over. The
 * engine decides (or gives back the saved answer of a turn that committed before the crash) and the answer is
 * posted; parts an earlier attempt already posted (found by their metadata) are not posted again.
 */
import type { EarlyArrival, TurnOutcome, TurnReceiver } from '../../core/engine.js';
import type { InboundEvent } from '../../core/events.js';
import type { Client, Destination, SlackAnswers } from './slack.answers.js';
import type { SlackDirectory } from './slack.directory.js';
import type { JobAttempt, SlackInbox, SlackJob } from './slack.inbox.js';
import { slackIdentity } from './slack-inbound.translator.js';
import { PersonQueues, WorkInFlight } from './work-in-flight.js';

export interface SlackTurnsDeps {
  readonly engine: TurnReceiver;
  readonly directory: SlackDirectory;
  readonly answers: SlackAnswers;
  /** A Web API client with the workspace's bot token (a turn may be processed by another instance, after a crash). */
  readonly clientFor: (team: string, token?: string) => Promise<Client>;
  /** Stores turns before the acknowledgement; created by the owner with `turns.runJob` as its runner. */
  readonly inbox?: () => SlackInbox | undefined;
}

export type JobOutcome = 'done' | 'retry' | 'taken-over';

export class SlackTurns {
  /** What is in flight (graceful stop, tests). */
  readonly work = new WorkInFlight();
  private readonly queues = new PersonQueues();

  constructor(private readonly deps: SlackTurnsDeps) {}

  /** Stores the turn before the acknowledgement (through the inbox), or runs it at once where there is no inbox. */
  async accept(job: SlackJob, token: string | undefined): Promise<void> {
    const inbox = this.deps.inbox?.();
    if (inbox) {
      // The person and their state are read while the event is stored, not after: one round trip less to wait for.
      // Not when an earlier turn of theirs is still running here: that read would be stale by the time it is used.
      const arriveEarly = this.deps.engine.arriveEarly?.bind(this.deps.engine);
      const early =
        arriveEarly && this.queues.idle(slackIdentity(job.team, job.user))
          ? async () => arriveEarly(await this.eventOf(job))
          : undefined;
      await inbox.accept(job, token, early);
      return;
    }
    const attempt: JobAttempt = { attempts: 1, receivedAt: new Date(), final: true, stillOurs: async () => true };
    void this.work.track(() => this.runJob(job, attempt, token), 'turns');
  }

  /** One stored turn, decided (or replayed) and answered. 'retry' when it failed and this is not the last attempt. */
  async runJob(job: SlackJob, attempt: JobAttempt, token?: string, early?: Promise<EarlyArrival>): Promise<JobOutcome> {
    const client = await this.deps.clientFor(job.team, token);
    const event = await this.eventOf(job);
    const identity = event.from;
    // Someone writing is reachable again, should the workspace have removed the app before (reinstalled since): the
    // engine's first read of the person clears that mark (store/arrival.repo.ts).
    const outcome = await this.queues.run(identity, () => this.deps.engine.receive(event, { replay: true, early }));
    if (outcome.status === 'failed' && !attempt.final) return 'retry';
    const { channelId, threadTs, home, eventId } = job;
    const destination: Destination = { identity, channelId, threadTs, home, eventId };
    if (!(await attempt.stillOurs())) return 'taken-over';
    const answers = this.deps.answers;
    const posted =
      attempt.attempts > 1 ? await answers.postedParts(client, destination, attempt.receivedAt) : undefined;
    await answers.deliver(client, outcome, destination, posted);
    return 'done';
  }

  /** The engine's event for a stored turn, with the sender's profile (cached by the directory). */
  private async eventOf(job: SlackJob): Promise<InboundEvent> {
    const profile = await this.deps.directory.profile(job.team, job.user);
    return { eventId: job.eventId, from: slackIdentity(job.team, job.user), profile, body: job.body };
  }

  /** A turn that is not stored (a modal submit, which Slack answers inline): after the person's earlier turns. */
  decide(event: InboundEvent): Promise<TurnOutcome> {
    return this.queues.run(event.from, () => this.deps.engine.receive(event));
  }

  /** A turn that is not stored, answered in the DM (a form that can no longer be read). */
  async decideAndAnswer(client: Client, event: InboundEvent, destination: Destination): Promise<void> {
    const outcome = await this.decide(event);
    await this.deps.answers.deliver(client, outcome, { ...destination, eventId: event.eventId });
  }
}
