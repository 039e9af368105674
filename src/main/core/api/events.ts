import got, { type Request } from 'got';
import { ServerEventSchema, type ServerEvent } from '../../../shared/api/schemas';
import type { ApiClient } from './client';
import { SseParser } from './sse-parser';

export interface EventStreamHandlers {
  onEvent: (e: ServerEvent) => void;
  /** The stream is up (first byte of an accepted response). */
  onOpen: () => void;
  /** The stream went down; it will reconnect by itself after `retryInMs`. */
  onDown: (reason: string, retryInMs: number) => void;
  /** The token was refused: the stream stops for good. */
  onUnauthorized: (status: number, body: string) => void;
  /** A message that does not match the API: skipped, reported. */
  onBadMessage: (detail: string) => void;
}

export interface EventStreamOptions {
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Silence after which the connection counts as dead (the server sends comments as heartbeats). */
  idleTimeoutMs?: number;
}

/**
 * Client of `GET /api/user/events` (Server-Sent Events), parsed here on a got stream. It reconnects by
 * itself with exponential backoff and jitter until stopped.
 */
export class EventStream {
  private request: Request | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private failures = 0;
  private readonly min: number;
  private readonly max: number;
  private readonly idle: number;

  constructor(
    private readonly client: ApiClient,
    private readonly handlers: EventStreamHandlers,
    options: EventStreamOptions = {},
  ) {
    this.min = options.minBackoffMs ?? 500;
    this.max = options.maxBackoffMs ?? 30_000;
    this.idle = options.idleTimeoutMs ?? 60_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.request?.destroy();
    this.request = null;
  }

  /** Reconnect now (e.g. when the network came back) instead of waiting out the backoff. */
  reconnectNow(): void {
    if (this.stopped || this.request) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.connect();
  }

  private connect(): void {
    const url = this.client.url('/api/user/events');
    const req = got.stream(url, {
      headers: { accept: 'text/event-stream', ...this.client.authHeaders(url) },
      throwHttpErrors: false,
      retry: { limit: 0 },
      decompress: true,
      timeout: { connect: 5_000, socket: this.idle },
    });
    this.request = req;
    let settled = false;
    const down = (reason: string): void => {
      if (settled) return;
      settled = true;
      req.destroy();
      if (this.request === req) this.request = null;
      if (this.stopped) return;
      this.failures++;
      const base = Math.min(this.max, this.min * 2 ** Math.min(this.failures - 1, 10));
      const wait = Math.round(base / 2 + Math.random() * (base / 2));
      this.handlers.onDown(reason, wait);
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.stopped) this.connect();
      }, wait);
    };
    req.on('response', (res: { statusCode: number }) => {
      if (res.statusCode === 401) {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (c: string) => (body += c.slice(0, 4096)));
        req.on('end', () => {
          settled = true;
          this.stop();
          this.handlers.onUnauthorized(401, body);
        });
        return;
      }
      if (res.statusCode !== 200) {
        down(`the event stream answered ${res.statusCode}`);
        return;
      }
      this.failures = 0;
      this.handlers.onOpen();
      const parser = new SseParser((m) => {
        let json: unknown;
        try {
          json = JSON.parse(m.data);
        } catch {
          this.handlers.onBadMessage(`event "${m.event}" is not JSON`);
          return;
        }
        const parsed = ServerEventSchema.safeParse(json);
        if (!parsed.success) {
          this.handlers.onBadMessage(`event "${m.event}" does not match the API`);
          return;
        }
        this.handlers.onEvent(parsed.data);
      });
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        try {
          parser.push(chunk);
        } catch (err) {
          down(err instanceof Error ? err.message : 'broken event stream');
        }
      });
      req.on('end', () => down('the server closed the event stream'));
    });
    req.on('error', (err: Error) => down(err.message));
  }
}
