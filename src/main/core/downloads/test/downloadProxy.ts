import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// A loopback proxy in front of the real reference server that breaks download responses the way
// networks and servers do, one planned fault per request: the server and its files stay real.

export type ProxyFault =
  | { kind: 'pass' }
  /** Answer this status without asking the server (a busy gateway). */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Forward without Range / If-Range, so a range request gets the whole file with 200. */
  | { kind: 'stripRange' }
  /** Forward, then cut the connection after this many body bytes. */
  | { kind: 'drop'; afterBytes: number }
  /** Forward, send this many body bytes without a length, and end cleanly (a short body). */
  | { kind: 'truncate'; afterBytes: number }
  /** Forward, send this many body bytes, then nothing at all. */
  | { kind: 'stall'; afterBytes: number };

export class DownloadProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private faults: ProxyFault[] = [];
  /** Range header and status of every download request that reached the proxy. */
  readonly log: { range: string | undefined; status: number }[] = [];
  url = '';

  constructor(private readonly upstream: string) {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  plan(...faults: ProxyFault[]): void {
    this.faults.push(...faults);
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const a = this.server.address();
    if (a === null || typeof a === 'string') throw new Error('no address');
    this.url = `http://127.0.0.1:${a.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const isDownload = (req.url ?? '').includes('/download/');
    const fault = isDownload ? (this.faults.shift() ?? { kind: 'pass' }) : { kind: 'pass' as const };
    const entry = { range: req.headers.range, status: 0 };
    if (isDownload) this.log.push(entry);
    if (fault.kind === 'status') {
      entry.status = fault.status;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      res.writeHead(fault.status, headers);
      res.end(JSON.stringify({ error: { code: 'unavailable', message: 'busy' } }));
      return;
    }
    const headers = { ...req.headers };
    if (fault.kind === 'stripRange') {
      delete headers.range;
      delete headers['if-range'];
    }
    const target = new URL(req.url ?? '/', this.upstream);
    const up = request(target, { method: req.method, headers }, (upRes) => {
      entry.status = upRes.statusCode ?? 0;
      const out = { ...upRes.headers };
      if (fault.kind === 'truncate') {
        delete out['content-length'];
        out['transfer-encoding'] = 'chunked';
      }
      res.writeHead(upRes.statusCode ?? 502, out);
      if (fault.kind !== 'drop' && fault.kind !== 'truncate' && fault.kind !== 'stall') {
        upRes.pipe(res);
        return;
      }
      let sent = 0;
      upRes.on('data', (chunk: Buffer) => {
        if (sent >= fault.afterBytes) return;
        const part = chunk.subarray(0, Math.max(0, fault.afterBytes - sent));
        sent += part.length;
        res.write(part);
        if (sent < fault.afterBytes) return;
        upRes.destroy();
        if (fault.kind === 'drop') setTimeout(() => req.socket.destroy(), 20);
        else if (fault.kind === 'truncate') res.end();
      });
      upRes.on('end', () => {
        if (fault.kind !== 'stall') res.end();
      });
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  }
}
