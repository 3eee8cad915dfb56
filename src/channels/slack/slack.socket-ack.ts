/**
 * Socket Mode with the same rule as HTTP: an Events API envelope (a DM) is acknowledged only once its listeners
 * returned, i.e. once the event is stored in the inbox. Bolt's SocketModeReceiver acknowledges events before any
 * listener runs ("no data expected"), so a crash or an unreachable database right after would lose the DM; here an
 * envelope whose event could not be stored stays unacknowledged, and Slack delivers it again (`retry_attempt`).
 *
 * Other envelope types (slash commands, interactivity) keep Bolt's way: their listeners call `ack()` themselves,
 * after storing the turn (slack.listeners.ts), and the acknowledgement goes out at that moment.
 */
import type { App, ReceiverEvent, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';

interface SocketEnvelope {
  readonly ack: (response?: Record<string, unknown>) => Promise<void>;
  readonly type?: string;
  readonly body?: Record<string, unknown>;
  readonly retry_num?: number;
  readonly retry_reason?: string;
}

/** Replaces the receiver's envelope handler with one that acknowledges Events API envelopes after processing. */
export function acknowledgeEventsWhenStored(receiver: SocketModeReceiver, app: () => App, logger: Logger): void {
  receiver.client.removeAllListeners('slack_event');
  receiver.client.on('slack_event', (envelope: SocketEnvelope) => void handle(envelope, app(), logger));
}

async function handle(envelope: SocketEnvelope, app: App, logger: Logger): Promise<void> {
  const deferred = envelope.type === 'events_api';
  let acked = false;
  let response: Record<string, unknown> | undefined;
  const ack = async (body?: Record<string, unknown>): Promise<void> => {
    if (acked) return;
    acked = true;
    if (deferred) response = body;
    else await envelope.ack(body);
  };
  const event: ReceiverEvent = {
    body: envelope.body ?? {},
    ack,
    ...(envelope.retry_num !== undefined ? { retryNum: envelope.retry_num } : {}),
    ...(envelope.retry_reason !== undefined ? { retryReason: envelope.retry_reason } : {}),
  };
  try {
    await app.processEvent(event);
  } catch (error) {
    // Not stored: no acknowledgement, so Slack delivers the envelope again (interactions were not acked either).
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unknown';
    logger.warn({ code, type: envelope.type }, 'slack socket mode envelope not processed: left unacknowledged');
    return;
  }
  if (deferred && acked) await envelope.ack(response).catch(() => undefined);
}
