import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../src/shared/ipc/contract';
import { contentSecurityPolicy } from '../../src/main/electron/security';
import { buildApp, repoRoot } from './build-output';

// The real `electron-vite build` of main, preload and renderer, checked for what Electron's sandbox
// and the packaged app need.

let outDir = '';
let cleanup = (): void => undefined;
beforeAll(async () => {
  ({ outDir, cleanup } = await buildApp());
}, 300_000);
afterAll(() => cleanup());

/** Loads the built preload as Electron's sandbox would, with `electron` as the only module it may require. */
function loadPreload(source: string) {
  const exposed = new Map<string, Record<string, unknown>>();
  const invoked: [string, unknown][] = [];
  const required: string[] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => void exposed.set(key, api),
    },
    ipcRenderer: {
      invoke: async (channel: string, payload: unknown) => {
        invoked.push([channel, payload]);
        return { ok: true, value: null };
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
  const module = { exports: {} };
  runInNewContext(source, {
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`The sandboxed preload required "${name}"`);
      return electron;
    },
    module,
    exports: module.exports,
  });
  return { exposed, invoked, required };
}

describe('preload bundle', () => {
  it('is one CommonJS file', () => {
    expect(readdirSync(join(outDir, 'preload'))).toEqual(['index.cjs']);
    const source = readFileSync(join(outDir, 'preload/index.cjs'), 'utf8');
    expect(source).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('requires nothing but electron', () => {
    const source = readFileSync(join(outDir, 'preload/index.cjs'), 'utf8');
    const requires = [...source.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(requires)).toEqual(new Set(['electron']));
    expect(loadPreload(source).required).toEqual(['electron']);
  });

  it('exposes exactly one method per contract channel plus on(): fails when preload and contract disagree', async () => {
    const { exposed, invoked } = loadPreload(readFileSync(join(outDir, 'preload/index.cjs'), 'utf8'));
    expect([...exposed.keys()]).toEqual(['api']);
    const api = exposed.get('api') ?? {};
    const missing = INVOKE_CHANNELS.filter((c) => !(c in api));
    const extra = Object.keys(api).filter(
      (k) => k !== 'on' && !(INVOKE_CHANNELS as readonly string[]).includes(k),
    );
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    for (const channel of INVOKE_CHANNELS) {
      const method = api[channel];
      if (typeof method !== 'function') throw new Error(`${channel} is not a function`);
      await method({});
    }
    expect(invoked.map(([c]) => c)).toEqual([...INVOKE_CHANNELS]);
    const on = api.on;
    if (typeof on !== 'function') throw new Error('on is not a function');
    for (const event of EVENT_CHANNELS) expect(() => on(event, () => undefined)).not.toThrow();
    expect(() => on('not-a-contract-event', () => undefined)).toThrow();
  });
});

describe('main bundle', () => {
  it('imports only electron, the packaged runtime dependencies and Node built-ins', () => {
    // The main process and the core's worker thread are two entries sharing chunks: all are checked.
    const files = readdirSync(join(outDir, 'main'), { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.js'),
    );
    expect(files).toEqual(expect.arrayContaining(['index.js', 'core-worker.js']));
    const imports = files.flatMap((file) =>
      [
        ...readFileSync(join(outDir, 'main', file), 'utf8').matchAll(
          /^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm,
        ),
      ].map((m) => m[1] ?? ''),
    );
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const external = [
      ...new Set(imports.filter((name) => !builtins.has(name) && !name.startsWith('.'))),
    ].sort();
    const pkg: { dependencies: Record<string, string> } = JSON.parse(
      readFileSync(join(repoRoot, 'package.json'), 'utf8'),
    );
    expect(external).toEqual(['electron', ...Object.keys(pkg.dependencies)].sort());
  });
});

describe('renderer bundle', () => {
  it('carries the Electron CSP in its index.html', () => {
    const html = readFileSync(join(outDir, 'renderer/index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
    expect(metas.map((m) => m[1])).toEqual([contentSecurityPolicy()]);
  });
});
