import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ensureWebHostBuilt } from '../../scripts/webhost-build.js';
import { repoRoot } from './build-output';

// `npm run web` starts from scripts/web.js: the web host and the core's worker bundled as JavaScript
// (scripts/webhost-build.js), not compiled through tsx at every start. The bundle must run: the host
// serves, and a call through its socket is answered by the core in the worker.

describe('the web host bundle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webhost-bundle-'));
  let child: ChildProcess | null = null;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves, and its worker answers a call that needs the core', async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    // Nothing listens on port 9 (discard): signing in must fail as unreachable, answered by the worker.
    child = spawn(
      process.execPath,
      [
        join(repoRoot, 'scripts', 'web.js'),
        '--data',
        join(dir, 'data'),
        '--server',
        'http://127.0.0.1:9',
        '--renderer',
        dir,
        '--no-open',
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const stdout = child.stdout;
    if (!stdout) throw new Error('no stdout');
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: stdout }).on('line', (line) => {
        const found = /is running at (http\S+)/.exec(line);
        if (found?.[1]) resolve(found[1]);
      });
      child?.once('exit', (code) => reject(new Error(`the web host exited (${String(code)})`)));
    });
    const page = new URL(url);
    expect((await fetch(url)).status).toBe(200);
    const ws = new WebSocket(`ws://${page.host}/ws?t=${page.searchParams.get('t') ?? ''}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answer = await new Promise<unknown>((resolve) => {
      ws.once('message', (data) => resolve(JSON.parse(String(data))));
      ws.send(
        JSON.stringify({
          t: 'invoke',
          id: 1,
          channel: 'session:signIn',
          payload: { email: 'a@example.com', password: 'secret-pass-1', serverUrl: 'http://127.0.0.1:9' },
        }),
      );
    });
    ws.close();
    expect(answer).toMatchObject({ t: 'result', id: 1, result: { ok: false, error: { code: 'offline' } } });
  });

  it('removes the builds of older sources once they are a day old, and keeps the current one', async () => {
    const builds = join(repoRoot, 'out', 'webhost');
    const stale = join(builds, 'test-stale-build');
    const recent = join(builds, 'test-recent-build');
    mkdirSync(stale, { recursive: true });
    mkdirSync(recent, { recursive: true });
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    try {
      const current = await ensureWebHostBuilt(repoRoot);
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(recent)).toBe(true);
      expect(existsSync(join(current, 'cli.js'))).toBe(true);
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(recent, { recursive: true, force: true });
    }
  });
});
