import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryQuerySchema } from '../shared/ipc/models';
import { dispatch } from '../main/core';
import { startEmbeddedServer } from './embedded-server';
import { runWebHost, type RunningWebHost } from './run';

// `npm run web` with no --server: the embedded reference server, signed in with the demo account.
describe('web host with the embedded server', () => {
  let dataDir: string;
  let rendererDir: string;
  const hosts: RunningWebHost[] = [];
  const start = async () => {
    const host = await runWebHost({
      dataDir,
      rendererDir,
      open: false,
      log: () => undefined,
      embedded: startEmbeddedServer,
    });
    hosts.push(host);
    return host;
  };
  const call = async (host: RunningWebHost, channel: string, payload: unknown) => {
    const r = await dispatch(host.core.handlers, channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value;
  };

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'webhost-embedded-'));
    rendererDir = mkdtempSync(join(tmpdir(), 'webhost-embedded-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>AIASMR Video</title>');
    mkdirSync(join(rendererDir, 'assets'));
  });
  afterAll(async () => {
    for (const h of hosts) await h.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  });

  // The first start renders the demo media pool with ffmpeg: up to minutes on a loaded 2-core machine.
  it('starts the reference server, signs in the demo account, and keeps server and account on restart', async () => {
    const first = await start();
    const session = first.core.core.sessionState();
    expect(session).toMatchObject({ status: 'signed_in', user: { email: 'demo@aiasmr.so' } });
    await call(first, 'sync:now', {});
    const total = (await call(first, 'library:count', { query: LibraryQuerySchema.parse({}) })) as {
      total: number;
    };
    expect(total.total).toBeGreaterThan(0);
    await first.close();

    // Same data folder: the embedded server comes back on its last port, so the same account and cache.
    const second = await start();
    expect(second.core.core.sessionState()).toEqual(session);
    expect(await call(second, 'library:count', { query: LibraryQuerySchema.parse({}) })).toEqual(total);
    expect(readdirSync(join(dataDir, 'accounts'))).toHaveLength(1);
  }, 300_000);
});
