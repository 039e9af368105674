import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  /** Connection refused-like: every request's socket is destroyed at once. */
  | { kind: 'down' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with JSON of the wrong shape. */
  | { kind: 'wrong-shape' }
  /** The upstream answer, cut in the middle (Content-Length promises more). */
  | { kind: 'truncated' }
  /** 200 with a body larger than any client cap. */
  | { kind: 'oversized'; bytes: number }
  /** Forward the request, then drop the connection instead of answering (a lost response). */
  | { kind: 'drop-response' }
  /** Answer with this status (and Retry-After) without forwarding. */
  | { kind: 'status'; status: number; retryAfter?: string };

export interface FaultRule {
  method?: string;
  path: RegExp;
  mode: FaultMode;
  /** Apply to this many matching requests, then pass (default: all). */
  times?: number;
}

/**
 * A loopback proxy in front of the real server that injects faults into chosen routes: the core sees
 * exactly what a broken network or a buggy server would send, while the server stays real.
 */
export class FaultProxy {
  private server: Server;
  private rules: FaultRule[] = [];
  private sockets = new Set<Socket>();
  delayMs = 0;
  url = '';
  /** Requests seen, as "METHOD path". */
  readonly seen: string[] = [];

  constructor(private readonly upstream: string) {
    // A client that dies mid-request (the SIGKILL test) aborts its request: drop that connection quietly.
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => req.socket.destroy());
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const a = this.server.address();
    if (a === null || typeof a === 'string') throw new Error('no address');
    this.url = `http://127.0.0.1:${a.port}`;
    return this.url;
  }

  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  /** Drops every open connection (e.g. the event stream) so that new rules apply at once. */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private rule(req: IncomingMessage): FaultMode {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    for (const r of this.rules) {
      if (r.method && r.method !== req.method) continue;
      if (!r.path.test(path)) continue;
      if (r.times !== undefined) {
        if (r.times <= 0) continue;
        r.times--;
      }
      return r.mode;
    }
    return { kind: 'pass' };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const mode = this.rule(req);
    if (mode.kind === 'down') {
      req.socket.destroy();
      return;
    }
    if (mode.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"changes": [ {"type": "ups');
      return;
    }
    if (mode.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (mode.retryAfter !== undefined) headers['retry-after'] = mode.retryAfter;
      res
        .writeHead(mode.status, headers)
        .end('{"error":{"code":"unavailable","message":"Try again later."}}');
      return;
    }
    if (mode.kind === 'wrong-shape') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          '{"changes":[{"type":"upsert","seq":1,"video":{"id":"x"}}],"next_cursor":"c1.zz","has_more":false}',
        );
      return;
    }
    if (mode.kind === 'oversized') {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < mode.bytes) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('error', () => undefined);
      pump();
      return;
    }
    const body: Buffer[] = [];
    for await (const c of req) body.push(c as Buffer);
    const target = new URL(req.url ?? '/', this.upstream);
    const headers = { ...req.headers, host: target.host };
    const up = request(target, { method: req.method, headers }, (upRes) => {
      if (mode.kind === 'drop-response') {
        upRes.resume();
        upRes.on('end', () => req.socket.destroy());
        return;
      }
      if (mode.kind === 'truncated') {
        const chunks: Buffer[] = [];
        upRes.on('data', (c: Buffer) => chunks.push(c));
        upRes.on('end', () => {
          const all = Buffer.concat(chunks);
          res.writeHead(upRes.statusCode ?? 200, {
            'content-type': 'application/json',
            'content-length': String(all.length),
          });
          res.write(all.subarray(0, Math.floor(all.length / 2)));
          setTimeout(() => req.socket.destroy(), 20);
        });
        return;
      }
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => req.socket.destroy());
    res.on('close', () => up.destroy());
    up.end(Buffer.concat(body));
  }
}
