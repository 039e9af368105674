import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { defaultSettings } from '../../src/main/core/settings/settings-store';
import { CoreWorker } from '../../src/main/core/worker/client';
import { TOKEN_PARAM } from '../../src/shared/bridge-protocol';
import { createHostServer } from '../../src/webhost/http-server';

// The web host of the sync bench in a process of its own (`node --import tsx appHost.ts <dir> <server
// url>`), so the bench's client (its WebSocket, the pages it parses, the fetch-only pass before) does not
// share the thread whose event-loop delay is measured: the thread that routes IPC. It prints
// `host <port> <token>` when listening; on the parent's `report` message it answers with its figures.

export interface HostFigures {
  max_loop_delay_ms: number;
  /** This process (host thread and core worker) at its highest. */
  peak_rss_mb: number;
  /**
   * Each turn late by over 15 ms: when (ms since start), by how much, and over that tick how long the
   * thread ran on a CPU and how long it waited for one while runnable (Linux's schedstat; -1 elsewhere).
   */
  stalls: { at_ms: number; delay_ms: number; cpu_ms: number; runqueue_ms: number }[];
}

/** The main thread's nanoseconds on a CPU and waiting for one (Linux), or null. */
function schedstat(): { cpu: number; wait: number } | null {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8')
      .split(' ')
      .map(Number);
    return cpu !== undefined && wait !== undefined ? { cpu, wait } : null;
  } catch {
    return null;
  }
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function main(): Promise<void> {
  const [dir, serverUrl] = process.argv.slice(2);
  if (!dir || !serverUrl) throw new Error('usage: appHost.ts <dir> <server url>');
  const dataDir = join(dir, 'app');
  mkdirSync(dataDir, { recursive: true });
  const token = randomBytes(24).toString('base64url');
  const core = new CoreWorker({
    dataDir,
    stores: {
      kind: 'files',
      settingsFile: join(dataDir, 'settings.json'),
      defaultSettings: defaultSettings({ serverUrl, downloadDir: join(dataDir, 'dl') }),
      secretsFile: join(dataDir, 'secrets.json'),
    },
    defaultServerUrl: serverUrl,
    appInfo: { name: 'AIASMR Video', version: 'bench', host: 'web', platform: process.platform },
    mediaUrl: { prefix: '/media/', suffix: `?${TOKEN_PARAM}=${token}` },
  });
  await core.start();
  const host = createHostServer({ core, token, rendererDir: dir, logger: quiet });
  await new Promise<void>((resolve) => host.server.listen(0, '127.0.0.1', resolve));

  // Measured from here (the worker started): the histogram for the maximum, and a 10 ms tick that
  // notes each late turn with this thread's CPU time and run-queue wait over it, which tells its own
  // work (or a GC pause) from waiting for a CPU on a busy machine.
  let peakRss = process.memoryUsage.rss();
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const stalls: HostFigures['stalls'] = [];
  const start = performance.now();
  let last = start;
  let sched = schedstat();
  const tick = setInterval(() => {
    const now = performance.now();
    const next = schedstat();
    const delay = now - last - 10;
    if (delay > 15) {
      stalls.push({
        at_ms: Math.round(last - start),
        delay_ms: Math.round(delay),
        cpu_ms: next && sched ? Math.round((next.cpu - sched.cpu) / 1e6) : -1,
        runqueue_ms: next && sched ? Math.round((next.wait - sched.wait) / 1e6) : -1,
      });
    }
    last = now;
    sched = next;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);

  process.on('message', (msg: unknown) => {
    if (msg !== 'report') return;
    clearInterval(tick);
    loop.disable();
    const figures: HostFigures = {
      max_loop_delay_ms: Math.round(loop.max / 1e5) / 10,
      peak_rss_mb: Math.round(peakRss / 1024 / 102.4) / 10,
      stalls,
    };
    process.send?.(figures, () => {
      void host
        .close()
        .then(() => core.stop())
        .then(() => process.exit(0));
    });
  });
  const { port } = host.server.address() as AddressInfo;
  process.stdout.write(`host ${port} ${token}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
