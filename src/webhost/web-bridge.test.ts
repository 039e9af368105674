import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { connectWebBridge } from '../renderer/src/bridge/web-bridge';

// The renderer's bridge against a bare socket server speaking the same protocol: it must survive the
// host dropping the connection, report calls made meanwhile as `offline` values, and reconnect.
describe('web bridge', () => {
  let wss: WebSocketServer | null = null;
  afterEach(async () => {
    for (const c of wss?.clients ?? []) c.terminate();
    await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
    wss = null;
  });

  it('reconnects after the socket drops and tells listeners to refresh', async () => {
    let connections = 0;
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    wss.on('connection', (ws) => {
      connections++;
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id: number; channel: string };
        if (msg.channel === 'session:signOut') {
          // The host goes away in the middle of a call.
          ws.terminate();
          return;
        }
        ws.send(JSON.stringify({ t: 'result', id: msg.id, result: { ok: true, value: { name: 'x' } } }));
      });
      ws.send(
        JSON.stringify({
          t: 'event',
          event: 'notice',
          payload: { level: 'info', message: `hello ${connections}` },
        }),
      );
    });
    await new Promise((r) => wss?.on('listening', r));
    const address = wss.address();
    const port = address !== null && typeof address === 'object' ? address.port : 0;
    const notices: string[] = [];
    let refreshed = 0;
    const api = await connectWebBridge({
      url: `ws://127.0.0.1:${port}/ws?t=x`,
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
      callTimeoutMs: 3000,
      maxBackoffMs: 200,
    });
    api.on('notice', (n) => notices.push(n.message));
    api.on('library:changed', () => refreshed++);
    expect(await api['app:info']({})).toEqual({ ok: true, value: { name: 'x' } });
    expect(await api['session:signOut']({})).toMatchObject({ ok: false, error: { code: 'offline' } });
    // The next call waits for the reconnection, then goes through.
    expect(await api['app:info']({})).toEqual({ ok: true, value: { name: 'x' } });
    expect(connections).toBe(2);
    expect(refreshed).toBe(1);
    expect(notices).toContain('hello 2');
    api.close();
  });

  it('fails clearly when the host refuses the socket', async () => {
    await expect(
      connectWebBridge({
        url: 'ws://127.0.0.1:9/ws?t=x',
        WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
      }),
    ).rejects.toThrow(/Could not connect/);
  });
});
