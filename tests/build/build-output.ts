import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Runs `electron-vite build` into a temp folder (by default: not the project's out/, which `npm run
// dist` and other runs use) and hands the folder to the build tests.

const run = promisify(execFile);
export const repoRoot = resolve(import.meta.dirname, '../..');

export async function buildApp(into?: string): Promise<{ outDir: string; cleanup(): void }> {
  const outDir = into ?? mkdtempSync(join(tmpdir(), 'aiasmr-build-'));
  try {
    await run(
      process.execPath,
      [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir],
      {
        cwd: repoRoot,
        maxBuffer: 32 * 1024 * 1024,
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
  } catch (error) {
    if (into === undefined) rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  return {
    outDir,
    cleanup: () => {
      if (into === undefined) rmSync(outDir, { recursive: true, force: true });
    },
  };
}
