import { describe, expect, it } from 'vitest';
import { SQLITE_BINDING_ENV } from '../src/main/electron/sqlite-binding';
import type { BindingResult } from './electron-sqlite';
import { planStart } from './start-plan';

function binding(result: BindingResult): (() => Promise<BindingResult>) & { calls: number } {
  const fn = Object.assign(
    async () => {
      fn.calls += 1;
      return result;
    },
    { calls: 0 },
  );
  return fn;
}

describe('what npm start runs', () => {
  it('runs the web host, without looking for the addon, when Electron itself cannot start', async () => {
    const lookup = binding({ ok: true, path: '/cache/better_sqlite3.node', fetched: false });
    await expect(planStart({ ok: false, reason: 'there is no display' }, lookup)).resolves.toEqual({
      mode: 'web',
      reason: 'there is no display',
    });
    expect(lookup.calls).toBe(0);
  });

  it('runs the web host with the reason when no Electron build of better-sqlite3 can be had', async () => {
    const lookup = binding({ ok: false, reason: 'better-sqlite3 … could not be fetched (offline)' });
    await expect(planStart({ ok: true, binary: '/electron' }, lookup)).resolves.toEqual({
      mode: 'web',
      reason: 'better-sqlite3 … could not be fetched (offline)',
    });
    expect(lookup.calls).toBe(1);
  });

  it('runs the web host when looking for the addon throws (a broken install)', async () => {
    await expect(
      planStart({ ok: true, binary: '/electron' }, () =>
        Promise.reject(new Error('Cannot find module better-sqlite3/package.json')),
      ),
    ).resolves.toEqual({
      mode: 'web',
      reason:
        'better-sqlite3 for Electron could not be looked up: Cannot find module better-sqlite3/package.json',
    });
  });

  it('runs Electron with the cached addon handed to the main process', async () => {
    await expect(
      planStart(
        { ok: true, binary: '/electron' },
        binding({ ok: true, path: '/cache/better_sqlite3.node', fetched: false }),
      ),
    ).resolves.toEqual({
      mode: 'electron',
      env: { [SQLITE_BINDING_ENV]: '/cache/better_sqlite3.node' },
      note: null,
    });
    await expect(
      planStart(
        { ok: true, binary: '/electron' },
        binding({ ok: true, path: '/cache/better_sqlite3.node', fetched: true }),
      ),
    ).resolves.toMatchObject({
      mode: 'electron',
      note: expect.stringContaining('/cache/better_sqlite3.node'),
    });
  });
});
