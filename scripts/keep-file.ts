import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * Keeps a copy of a file and puts it back later. `npm run dist` uses it for better-sqlite3's addon:
 * electron-builder rebuilds it for Electron inside node_modules, and the Node build that the tests,
 * the server and the web host load must be there again afterwards.
 */
export function keepFile(path: string): { restore(): boolean } {
  if (!existsSync(path)) return { restore: () => false };
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-keep-'));
  const copy = join(dir, basename(path));
  copyFileSync(path, copy);
  return {
    restore() {
      try {
        copyFileSync(copy, path);
        return true;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
