import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The built renderer to serve. If `out/renderer` is missing it is built once with `electron-vite build`
 * (the same build the Electron app ships), so the web host always serves production files.
 */
export function ensureRendererBuilt(
  projectRoot: string,
  explicit: string | null,
  log: (line: string) => void,
): string {
  if (explicit) {
    if (!existsSync(join(explicit, 'index.html')))
      throw new Error(`No index.html in the renderer folder ${explicit}`);
    return explicit;
  }
  const dir = join(projectRoot, 'out', 'renderer');
  if (existsSync(join(dir, 'index.html'))) return dir;
  log('The renderer is not built yet: running `npx electron-vite build` (once)…');
  const r = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: projectRoot,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0 || !existsSync(join(dir, 'index.html'))) {
    throw new Error(
      'Building the renderer failed; run `npx electron-vite build` to see why, or pass --renderer <dir>.',
    );
  }
  return dir;
}
