import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Runs `electron-vite build` once into a temp folder (never the project's out/, which `npm run dist`
// and other runs use) and hands the folder to the build tests.

const run = promisify(execFile);
export const repoRoot = resolve(import.meta.dirname, '../..');

export async function buildApp(): Promise<{ outDir: string; cleanup(): void }> {
  const outDir = mkdtempSync(join(tmpdir(), 'aiasmr-build-'));
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
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  return { outDir, cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
}
