import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The web host and the core's worker as JavaScript, bundled with esbuild once per version of their
// sources and kept in out/webhost/<hash>/ (cli.js, core-worker.js). Starting from these instead of
// compiling TypeScript through tsx in the host and again in the worker takes seconds off a cold start.
// Plain JavaScript, since it runs before anything could compile TypeScript.

/** What the bundles are made of: their sources, the dependency versions and this file. */
const INPUTS = ['src/main/core', 'src/shared', 'src/webhost', 'server/src'];
const FILES = ['package-lock.json', 'scripts/webhost-build.js'];

function sourceHash(root) {
  const hash = createHash('sha256');
  const add = (file) => {
    hash.update(relative(root, file));
    hash.update('\0');
    hash.update(readFileSync(file));
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|js|json|sql)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) add(path);
    }
  };
  for (const dir of INPUTS) walk(join(root, dir));
  for (const file of FILES) add(join(root, file));
  return hash.digest('hex').slice(0, 16);
}

/** The folder holding cli.js and core-worker.js for the current sources, built first if missing. */
export async function ensureWebHostBuilt(root) {
  const dir = join(root, 'out', 'webhost', sourceHash(root));
  pruneOldBuilds(join(root, 'out', 'webhost'), dir);
  if (existsSync(join(dir, 'cli.js')) && existsSync(join(dir, 'core-worker.js'))) return dir;
  const { build } = await import('esbuild');
  const temp = `${dir}.${process.pid}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/webhost/cli.ts', 'core-worker': 'src/main/core/worker/entry.ts' },
    outdir: temp,
    bundle: true,
    // Packages load from node_modules as they do under tsx (better-sqlite3 is native).
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  mkdirSync(join(root, 'out', 'webhost'), { recursive: true });
  // Another start may have finished the same build meanwhile: either copy will do.
  try {
    renameSync(temp, dir);
  } catch {
    rmSync(temp, { recursive: true, force: true });
  }
  return dir;
}

/**
 * Removes the builds of older sources, once a day old: a host still running from one may start its
 * worker again (after a crash) from that folder.
 */
function pruneOldBuilds(parent, keep) {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of existsSync(parent) ? readdirSync(parent) : []) {
    const path = join(parent, name);
    if (path === keep) continue;
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another start.
    }
  }
}
