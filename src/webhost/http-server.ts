import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { EVENT_CHANNELS } from '../shared/ipc/contract';
import { dispatch, type HostCore, type Logger } from '../main/core/index';
import {
  MAX_MESSAGE_BYTES,
  SOCKET_PATH,
  TOKEN_PARAM,
  type EventMessage,
  type ResultMessage,
} from '../shared/bridge-protocol';
import { serveStatic } from './static-files';

const InvokeSchema = z.object({
  t: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});

const MEDIA_ROUTE = /^\/media\/(\d{1,15})\/(thumbnail|preview)$/;

export interface HostServerOptions {
  core: HostCore;
  token: string;
  rendererDir: string;
  logger: Logger;
}

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Requests must name this host by its loopback address, which defeats DNS-rebinding pages. */
function loopbackHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * The web host's HTTP server on 127.0.0.1: the built renderer (public files), the media route and the
 * WebSocket bridge (both refused without the per-run token).
 */
export function createHostServer(options: HostServerOptions): { server: Server; close(): Promise<void> } {
  const { core, token, logger } = options;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const port = (): number => {
    const a = server.address();
    return a !== null && typeof a === 'object' ? a.port : 0;
  };

  const unsubscribe = EVENT_CHANNELS.map((event) =>
    core.on(event, (payload) => {
      const msg: EventMessage = { t: 'event', event, payload };
      const text = JSON.stringify(msg);
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
    }),
  );

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    // A bad frame (invalid UTF-8, over the size limit, a protocol error): ws closes this socket with
    // the matching code; without a listener the 'error' event would end the whole process.
    ws.on('error', (err) => logger.warn({ err }, 'web host socket closed after a bad frame'));
    ws.on('message', (data) => {
      let parsed;
      try {
        parsed = InvokeSchema.safeParse(JSON.parse(String(data)));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        ws.close(1008, 'bad message');
        return;
      }
      const { id, channel, payload } = parsed.data;
      void dispatch(core.handlers, channel, payload, logger).then((result) => {
        const msg: ResultMessage = { t: 'result', id, result };
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
      });
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.setHeader('x-content-type-options', 'nosniff');
    // The page URL carries the token: never send it on as a referrer.
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    if (!loopbackHost(req, port())) {
      res.writeHead(421).end('Misdirected request');
      return;
    }
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const media = MEDIA_ROUTE.exec(url.pathname);
    if (media || url.pathname.startsWith('/media/')) {
      if (!sameToken(url.searchParams.get(TOKEN_PARAM), token)) {
        res.writeHead(403).end('Forbidden');
        return;
      }
      if (!media) {
        res.writeHead(404).end('Not found');
        return;
      }
      const kind = media[2] === 'thumbnail' ? 'thumbnail' : 'preview';
      const answer = await core.media.respond(
        Number(media[1]),
        kind,
        req.headers.range,
        method === 'HEAD' ? 'HEAD' : 'GET',
      );
      res.writeHead(answer.status, answer.headers);
      if (answer.body)
        answer
          .body()
          .on('error', () => res.destroy())
          .pipe(res);
      else res.end();
      return;
    }
    await serveStatic(options.rendererDir, url.pathname, res, method);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error({ err }, 'web host request failed');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const originOk =
      origin === undefined ||
      origin === `http://127.0.0.1:${port()}` ||
      origin === `http://localhost:${port()}`;
    if (
      url.pathname !== SOCKET_PATH ||
      !sameToken(url.searchParams.get(TOKEN_PARAM), token) ||
      !originOk ||
      !loopbackHost(req, port())
    ) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const u of unsubscribe) u();
        for (const ws of sockets) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
