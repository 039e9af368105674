import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// `npm run bench -- <name> [options]`: runs `bench/<name>.ts` as its own process (so each benchmark
// starts from a fresh heap and its own event loop) with the remaining arguments. Every benchmark prints
// one JSON object on the last line of its standard output; this runner passes its output and exit code
// through. Exit 2: no name, an unknown name, or a known one whose file is not there.

export const BENCHMARKS: Readonly<Record<string, { file: string; about: string }>> = {
  server: {
    file: 'server.ts',
    about: 'seed 1M videos, then list endpoint vs /health under load [--videos N]',
  },
  download: {
    file: 'download.ts',
    about: 'resumable downloads vs curl, SIGKILL resume, concurrency [--size-mb N]',
  },
  sync: { file: 'sync.ts', about: 'desktop sync of one large library from the server [--videos N]' },
  query: { file: 'query.ts', about: 'local cache queries behind the grid [--videos N]' },
  ui: { file: 'ui.ts', about: 'the renderer in Chromium over the web host [--videos N]' },
};

export function usage(): string {
  const names = Object.entries(BENCHMARKS)
    .map(([name, b]) => `  ${name.padEnd(10)} ${b.about}`)
    .join('\n');
  return `usage: npm run bench -- <name> [options]\n\nbenchmarks:\n${names}`;
}

/** The file to run for argv, or the message and exit code 2 to give. */
export function resolveBenchmark(
  argv: readonly string[],
  dir: string = import.meta.dirname,
): { ok: true; path: string; args: string[] } | { ok: false; message: string } {
  const [name, ...args] = argv;
  if (name === undefined || name === '' || name.startsWith('-'))
    return { ok: false, message: `bench: name a benchmark\n\n${usage()}` };
  const entry = Object.hasOwn(BENCHMARKS, name) ? BENCHMARKS[name] : undefined;
  if (!entry) return { ok: false, message: `bench: unknown benchmark "${name}"\n\n${usage()}` };
  const path = join(dir, entry.file);
  if (!existsSync(path))
    return { ok: false, message: `bench: "${name}" is not built yet (bench/${entry.file} is missing)` };
  return { ok: true, path, args };
}

function main(): void {
  const resolved = resolveBenchmark(process.argv.slice(2));
  if (!resolved.ok) {
    process.stderr.write(`${resolved.message}\n`);
    process.exitCode = 2;
    return;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', resolved.path, ...resolved.args], {
    stdio: 'inherit',
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

if (process.argv[1] === import.meta.filename) main();
