import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts the real server (`server/src/cli/server.ts`) in its own process, so a load generator in this
 * process does not share its event loop, and resolves once it prints its "listening on" line.
 */
export function startServerProcess(
  dataDir: string,
  extraArgs: readonly string[] = [],
): Promise<RunningServer> {
  const child = spawn(
    process.execPath,
    [
      // Profiling the server under load (e.g. `BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p"`).
      ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== ''),
      '--import',
      'tsx',
      join(ROOT, 'server', 'src', 'cli', 'server.ts'),
      '--port',
      '0',
      '--data',
      dataDir,
      ...extraArgs,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // The server's output as it comes, for a look at e.g. `--trace-gc` lines (`BENCH_SERVER_OUT=<file>`).
  const out = process.env.BENCH_SERVER_OUT;
  if (out) {
    const file = createWriteStream(out, { flags: 'a' });
    child.stdout.pipe(file);
    child.stderr.pipe(file);
  }
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within 60 s: ${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before listening: ${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: match[1], pid: child.pid ?? 0, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
