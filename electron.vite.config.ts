import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './src/shared/ipc/contract';
import { contentSecurityPolicy } from './src/main/electron/security';

const root = process.cwd();

/**
 * Writes the Electron CSP (src/main/electron/security.ts) into the built index.html, replacing any
 * policy meta the page carries: file:// pages get no response headers, so in the packaged app the
 * meta is the CSP. Under the dev server the meta is removed instead: main sends the development
 * policy as a header, built from the dev server's actual URL (ELECTRON_RENDERER_URL).
 */
function electronCsp(): Plugin {
  let serving = false;
  return {
    name: 'aiasmr-electron-csp',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    transformIndexHtml(html) {
      const existing = /\s*<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>/i;
      if (serving) return html.replace(existing, '');
      const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}" />`;
      return existing.test(html)
        ? html.replace(existing, `\n    ${meta}`)
        : html.replace(/<head>/i, `<head>\n    ${meta}`);
    },
  };
}

// got and electron-store are ESM-only: they are bundled into main instead of being required at run time.
// better-sqlite3 (native) and electron-updater stay external: they are `dependencies`, packaged in
// node_modules, with the native addon unpacked from the asar by electron-builder.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: ['got', 'electron-store'] },
      rollupOptions: {
        // The core's worker thread is its own entry (src/main/core/worker/entry.ts → core-worker.js).
        input: {
          index: resolve(root, 'src/main/index.ts'),
          'core-worker': resolve(root, 'src/main/core/worker/entry.ts'),
        },
      },
    },
  },
  preload: {
    // The channel lists are compiled in, so the sandboxed preload requires nothing but electron.
    define: {
      __IPC_INVOKE_CHANNELS__: JSON.stringify(INVOKE_CHANNELS),
      __IPC_EVENT_CHANNELS__: JSON.stringify(EVENT_CHANNELS),
    },
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react(), electronCsp()],
    build: {
      rollupOptions: {
        input: { index: resolve(root, 'src/renderer/index.html') },
      },
    },
  },
});
