import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) another process has used so far, from /proc on Linux; null elsewhere.
 * Assumes the usual 100 clock ticks per second.
 */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/**
 * Runs `work` and says how busy the server process and this one were meanwhile, in cores (1 = one
 * core the whole time): whether the server or the load generator was the side that limited a run.
 */
export async function withCpu<T>(
  serverPid: number,
  work: () => Promise<T>,
): Promise<{ result: T; serverCores: number | null; clientCores: number; wallMs: number }> {
  const server0 = processCpuMs(serverPid);
  const client0 = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const server1 = processCpuMs(serverPid);
  const client = process.cpuUsage(client0);
  return {
    result,
    serverCores: server0 === null || server1 === null ? null : (server1 - server0) / wallMs,
    clientCores: (client.user + client.system) / 1000 / wallMs,
    wallMs,
  };
}
