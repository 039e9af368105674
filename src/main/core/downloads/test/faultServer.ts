import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';

// A real HTTP server on loopback that serves a real file with Range / If-Range / strong ETag, and
// misbehaves on request in the ways servers and networks do. Used by the downloader's fault tests.

export type Fault =
  | { kind: 'ok' }
  /** Send this many body bytes, then cut the TCP connection. */
  | { kind: 'drop'; afterBytes: number }
  /** Send this many body bytes without a length and end the response cleanly. */
  | { kind: 'truncate'; afterBytes: number }
  /** Answer 200 with the whole file even to a range request. */
  | { kind: 'ignoreRange' }
  /** Answer 206 with a range that starts somewhere else than asked. */
  | { kind: 'wrongRange' }
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
  /** Send this many body bytes, then nothing (connection left open). */
  | { kind: 'stall'; afterBytes: number }
  /** Send the body in small pieces with a pause between them. */
  | { kind: 'slow'; chunkBytes: number; delayMs: number };

export interface ServedFile {
  path: string;
  bytes: number;
  sha256: string;
  etag: string;
}

export interface RequestLog {
  range: string | undefined;
  ifRange: string | undefined;
  authorization: string | undefined;
  status: number;
}

export async function writeRandomFile(dir: string, name: string, bytes: number): Promise<ServedFile> {
  const data = randomBytes(bytes);
  const path = join(dir, name);
  await writeFile(path, data);
  const sha256 = createHash('sha256').update(data).digest('hex');
  return { path, bytes, sha256, etag: `"${sha256.slice(0, 16)}"` };
}

export class FaultServer {
  readonly log: RequestLog[] = [];
  private faults: Fault[] = [];
  /** Applied to requests with no planned fault. */
  defaultFault: Fault = { kind: 'ok' };
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private port = 0;
  private timers = new Set<NodeJS.Timeout>();

  constructor(public file: ServedFile) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/file`;
  }

  /** Faults applied to the next requests, one each, in order; then every request is served normally. */
  plan(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('The test server has no port');
    this.port = address.port;
  }

  /** Closes the listener and every open connection, like a process that died. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const fault = this.faults.shift() ?? this.defaultFault;
    const { file } = this;
    const range = req.headers.range;
    const ifRange = req.headers['if-range'];
    const entry: RequestLog = {
      range,
      ifRange: typeof ifRange === 'string' ? ifRange : undefined,
      authorization: req.headers.authorization,
      status: 0,
    };
    this.log.push(entry);
    const send = (status: number, headers: Record<string, string | number>): void => {
      entry.status = status;
      res.writeHead(status, headers);
    };

    if (fault.kind === 'status') {
      const body = JSON.stringify(fault.body ?? { error: { code: 'unavailable', message: 'try later' } });
      const headers: Record<string, string | number> = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      if (fault.status === 416) headers['content-range'] = `bytes */${file.bytes}`;
      send(fault.status, headers);
      res.end(body);
      return;
    }

    let start = 0;
    let partial = false;
    const m = typeof range === 'string' ? /^bytes=(\d+)-$/.exec(range) : null;
    const validatorOk = entry.ifRange === undefined || entry.ifRange === file.etag;
    if (m && validatorOk && fault.kind !== 'ignoreRange') {
      start = Number(m[1]);
      if (start >= file.bytes) {
        send(416, { 'content-range': `bytes */${file.bytes}` });
        res.end();
        return;
      }
      partial = true;
    }
    if (fault.kind === 'wrongRange' && start > 0) start = Math.max(0, start - 1000);
    const length = file.bytes - start;
    const headers: Record<string, string | number> = {
      'content-type': 'video/mp4',
      etag: file.etag,
      'accept-ranges': 'bytes',
    };
    if (fault.kind !== 'truncate') headers['content-length'] = length;
    if (partial) headers['content-range'] = `bytes ${start}-${file.bytes - 1}/${file.bytes}`;
    send(partial ? 206 : 200, headers);

    const limit =
      fault.kind === 'drop' || fault.kind === 'truncate' || fault.kind === 'stall'
        ? fault.afterBytes
        : length;
    const end = start + Math.min(limit, length) - 1;
    if (end < start) {
      this.finishFault(fault, res);
      return;
    }
    const stream = createReadStream(file.path, {
      start,
      end,
      highWaterMark: fault.kind === 'slow' ? fault.chunkBytes : 64 * 1024,
    });
    if (fault.kind === 'slow') {
      stream.on('data', (chunk) => {
        stream.pause();
        res.write(chunk);
        this.later(fault.delayMs, () => stream.resume());
      });
      stream.on('end', () => res.end());
      return;
    }
    stream.pipe(res, { end: false });
    stream.on('end', () => this.finishFault(fault, res));
    res.on('close', () => stream.destroy());
  }

  private finishFault(fault: Fault, res: ServerResponse): void {
    if (fault.kind === 'drop') res.socket?.end();
    else if (fault.kind === 'stall') return;
    else res.end();
  }
}
