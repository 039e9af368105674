import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../shared/bridge-protocol';
import { connectWebBridge } from '../renderer/src/bridge/web-bridge';
import { MAX_IDS_PER_CALL } from '../shared/ipc/limits';
import type { RendererApi } from '../shared/ipc/contract';
import { startTestServer, type TestServer } from '../main/core/test/server';
import { DataFolderInUseError, acquireDataLock } from './lock';
import { runWebHost, type RunningWebHost } from './run';

describe('web host', () => {
  let server: TestServer;
  let host: RunningWebHost;
  let dataDir: string;
  let rendererDir: string;
  let api: RendererApi & { close(): void };
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ users: 1, videos: 12 });
    dataDir = mkdtempSync(join(tmpdir(), 'webhost-data-'));
    rendererDir = mkdtempSync(join(tmpdir(), 'webhost-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>AIASMR Video</title>');
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    host = await runWebHost({
      serverUrl: server.url,
      dataDir,
      rendererDir,
      open: false,
      log: (line) => logLines.push(line),
    });
    const url = `ws://127.0.0.1:${host.port}/ws?t=${host.token}`;
    // ws implements the browser WebSocket interface the bridge uses.
    api = await connectWebBridge({
      url,
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
      callTimeoutMs: 5000,
    });
  });
  afterAll(async () => {
    api?.close();
    await host?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('serves the renderer, with the one-page fallback, and nothing outside it', async () => {
    const base = `http://127.0.0.1:${host.port}`;
    expect(await (await fetch(`${base}/`)).text()).toContain('AIASMR Video');
    expect((await fetch(`${base}/assets/app.js`)).headers.get('content-type')).toContain('javascript');
    expect(await (await fetch(`${base}/library/some/view`)).text()).toContain('AIASMR Video');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/..%2f..%2fetc%2fpasswd`)).status).toBe(404);
  });

  it('refuses the socket and the media without the token', async () => {
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?t=wrong`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(refused).toBe(403);
    expect((await fetch(`http://127.0.0.1:${host.port}/media/1/thumbnail`)).status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${host.port}/media/1/thumbnail?t=nope`)).status).toBe(403);
  });

  it('bridges the contract and its events over the socket', async () => {
    const user = server.users[0];
    if (!user) throw new Error('no user');
    expect(await api['app:info']({})).toMatchObject({ ok: true, value: { host: 'web' } });
    expect(await api['library:page']({ query: {}, offset: -5, limit: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    const changed = new Promise((resolve) => {
      const off = api.on('session:changed', (s) => {
        off();
        resolve(s.status);
      });
    });
    const signedIn = await api['session:signIn']({ email: user.email, password: user.password });
    expect(signedIn).toMatchObject({ ok: true, value: { status: 'signed_in' } });
    expect(await changed).toBe('signed_in');
    await api['sync:now']({});
    const page = await api['library:page']({ query: { statuses: ['ready'] }, offset: 0, limit: 5 });
    if (!page.ok) throw new Error(page.error.message);
    const video = page.value.items[0];
    expect(video?.thumbnailUrl).toMatch(/^\/media\/\d+\/thumbnail\?t=/);

    // The media route: fetched from the server with the token, then served with Range support.
    const mediaUrl = `http://127.0.0.1:${host.port}${video?.thumbnailUrl ?? ''}`;
    const full = await fetch(mediaUrl);
    expect(full.status).toBe(200);
    const bytes = Buffer.from(await full.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(100);
    const part = await fetch(mediaUrl, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(10, 20));
    expect((await fetch(mediaUrl, { headers: { range: `bytes=${bytes.length + 5}-` } })).status).toBe(416);
  });

  const openRaw = async (): Promise<WebSocket> => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?t=${host.token}`);
    ws.on('error', () => undefined);
    await new Promise((resolve) => ws.once('open', resolve));
    return ws;
  };
  const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', resolve));

  it('a bad frame closes that socket only, with a log line; the host and other sessions carry on', async () => {
    const badText = await openRaw();
    const badTextClosed = closeCode(badText);
    // A text frame that is not UTF-8.
    badText.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await badTextClosed).toBe(1007);

    const tooBig = await openRaw();
    const tooBigClosed = closeCode(tooBig);
    tooBig.send(Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x20), { binary: false });
    expect(await tooBigClosed).toBe(1009);

    expect(logLines.filter((l) => l.includes('bad frame'))).toHaveLength(2);
    expect(await api['app:info']({})).toMatchObject({ ok: true, value: { host: 'web' } });
  });

  it('carries the largest valid request: a select-all of 100,000 ids of the largest valid id', async () => {
    const ids = Array.from({ length: MAX_IDS_PER_CALL }, (_, i) => Number.MAX_SAFE_INTEGER - i);
    expect(JSON.stringify(ids).length).toBeGreaterThan(1024 * 1024);
    const estimate = await api['actions:estimate']({ action: 'delete', ids });
    expect(estimate.ok).toBe(true);
  });

  it('refuses ill-formed text and deeply nested payloads as invalid requests, keeping the socket', async () => {
    expect(
      await api['library:page']({ query: { search: 'rain \ud800' }, offset: 0, limit: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await api['actions:edit']({ id: 1, title: '\udc00' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    const raw = await openRaw();
    const answer = new Promise<string>((resolve) => raw.once('message', (data) => resolve(String(data))));
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    raw.send(`{"t":"invoke","id":1,"channel":"actions:delete","payload":{"ids":${deep}}}`);
    expect(JSON.parse(await answer)).toMatchObject({
      t: 'result',
      id: 1,
      result: { ok: false, error: { code: 'invalid_request' } },
    });
    expect(raw.readyState).toBe(WebSocket.OPEN);
    raw.close();
  });

  it('after sign-out the page socket hears nothing more of the account', async () => {
    const user = server.users[0];
    if (!user) throw new Error('no user');
    const heard: string[] = [];
    const offs = [
      api.on('credits:changed', () => heard.push('credits')),
      api.on('library:changed', () => heard.push('library')),
    ];
    expect(await api['session:signOut']({})).toMatchObject({ ok: true, value: { status: 'signed_out' } });
    // The same account, signed in elsewhere, changes its balance and its library.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const purchase = await fetch(`${server.url}/api/billing/purchase`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ pack: 'starter' }),
    });
    expect(purchase.status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    for (const off of offs) off();
    expect(heard).toEqual([]);
    expect(await api['library:page']({ query: {}, offset: 0, limit: 1 })).toMatchObject({ ok: false });
  });

  it('a second web host on the same data folder refuses to start', async () => {
    await expect(
      runWebHost({ serverUrl: server.url, dataDir, rendererDir, open: false, log: () => undefined }),
    ).rejects.toBeInstanceOf(DataFolderInUseError);
  });

  it('takes over a stale lock left by a dead process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhost-lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, 'webhost.lock'), dead.stdout.toString());
    const release = acquireDataLock(dir);
    expect(() => acquireDataLock(dir)).toThrow(DataFolderInUseError);
    release();
    acquireDataLock(dir)();
    rmSync(dir, { recursive: true, force: true });
  });
});
