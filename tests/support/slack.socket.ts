/**
 * A Socket Mode stand-in: the WebSocket end of `apps.connections.open`. A minimal RFC 6455 server (text frames,
 * ping/pong, close) on a loopback port, so the real SocketModeReceiver connects, receives `hello`, gets envelopes
 * and acknowledges them, exactly as it would with Slack. No dependency beyond Node itself.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, length])
      : length < 65_536
        ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
        : Buffer.concat([
            Buffer.from([0x80 | opcode, 127]),
            (() => {
              const b = Buffer.alloc(8);
              b.writeBigUInt64BE(BigInt(length));
              return b;
            })(),
          ]);
  return Buffer.concat([header, payload]);
}

/** Reads complete (masked, client-to-server) frames from the buffer; returns them and what is left. */
function readFrames(buffer: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const b0 = buffer[offset] ?? 0;
    const b1 = buffer[offset + 1] ?? 0;
    let length = b1 & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (buffer.length < at + 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length < at + 8) break;
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const maskAt = at;
    if (masked) at += 4;
    if (buffer.length < at + length) break;
    const payload = Buffer.from(buffer.subarray(at, at + length));
    if (masked)
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (buffer[maskAt + (i % 4)] ?? 0);
    frames.push({ opcode: b0 & 0x0f, payload });
    offset = at + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

export class SocketModeStandIn {
  /** JSON messages the app sent (acknowledgements). */
  readonly received: Record<string, unknown>[] = [];
  private readonly server: Server;
  private socket: Duplex | undefined;
  private connected: Promise<void>;
  private onConnected: () => void = () => undefined;
  private waiters: { count: number; resolve: () => void }[] = [];
  /** How many WebSocket connections were made. */
  connections = 0;

  constructor() {
    this.connected = new Promise((resolve) => (this.onConnected = resolve));
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.server.on('upgrade', (req, socket) => {
      const key = String(req.headers['sec-websocket-key'] ?? '');
      const accept = createHash('sha1')
        .update(key + GUID)
        .digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.socket = socket;
      this.connections++;
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
        pending = Buffer.from(rest);
        for (const f of frames) {
          if (f.opcode === 0x1) {
            this.received.push(JSON.parse(f.payload.toString('utf8')) as Record<string, unknown>);
            this.notify();
          } else if (f.opcode === 0x9) socket.write(frame(0xa, f.payload));
          else if (f.opcode === 0x8) {
            socket.end(frame(0x8, f.payload));
          }
        }
      });
      socket.on('error', () => undefined);
      this.sendJson({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'stand-in' },
        connection_info: { app_id: 'A0APP' },
      });
      this.onConnected();
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link?ticket=test`;
  }

  whenConnected(): Promise<void> {
    return this.connected;
  }

  sendJson(message: Record<string, unknown>): void {
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(message), 'utf8')));
  }

  /** The app's acknowledgements of one envelope so far. */
  acksOf(envelopeId: string): Record<string, unknown>[] {
    return this.received.filter((m) => m.envelope_id === envelopeId);
  }

  /** Sends an Events API envelope and resolves with the app's acknowledgement of it. */
  async deliver(
    envelopeId: string,
    payload: Record<string, unknown>,
    retryAttempt = 0,
  ): Promise<Record<string, unknown>> {
    const acks = () => this.acksOf(envelopeId);
    const before = acks().length;
    this.sendJson({
      envelope_id: envelopeId,
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt ? 'timeout' : '',
      payload,
    });
    while (acks().length <= before)
      await new Promise<void>((resolve) => this.waiters.push({ count: this.received.length + 1, resolve }));
    return acks()[before] ?? {};
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
