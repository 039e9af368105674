import { Agent, request } from 'node:http';

export interface LoadRequest {
  path: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Milliseconds per request, in completion order. */
  latencies: number[];
  seconds: number;
  rps: number;
}

/**
 * One GET over a keep-alive agent; resolves with the status and (when `keepBody`) the body, never
 * rejects. Load runs drop the body unread, so the generator spends as little CPU as it can on the
 * cores it shares with the server.
 */
export function get(
  agent: Agent,
  base: URL,
  req: LoadRequest,
  keepBody = true,
): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const r = request(
      { agent, host: base.hostname, port: base.port, path: req.path, method: 'GET', headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        if (keepBody) res.on('data', (c: Buffer) => chunks.push(c));
        else res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        res.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
      },
    );
    r.on('error', () => resolve({ status: 0, body: '', ms: performance.now() - started }));
    r.end();
  });
}

/**
 * Keeps `connections` requests in flight over as many keep-alive sockets for `durationMs`, asking
 * `next()` for each request. A non-2xx answer counts as an error (its latency is still recorded).
 */
export async function runLoad(opts: {
  base: string;
  connections: number;
  durationMs: number;
  next: (n: number) => LoadRequest;
}): Promise<LoadResult> {
  const base = new URL(opts.base);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + opts.durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const res = await get(agent, base, opts.next(issued++), false);
      latencies.push(res.ms);
      if (res.status < 200 || res.status >= 300) errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: latencies.length, errors, latencies, seconds, rps: latencies.length / seconds };
}

/**
 * Open-loop load: request n is due at start + n / rate whatever happened before, so a slow answer
 * delays no later request, and each latency is measured from when the request was due (queueing
 * included, no coordinated omission). Runs below saturation show the server's own latency.
 */
export async function runPaced(opts: {
  base: string;
  connections: number;
  rate: number;
  durationMs: number;
  next: (n: number) => LoadRequest;
}): Promise<LoadResult> {
  const base = new URL(opts.base);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const total = Math.floor((opts.rate * opts.durationMs) / 1000);
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      get(agent, base, opts.next(n), false).then((res) => {
        latencies.push(performance.now() - due);
        if (res.status < 200 || res.status >= 300) errors++;
      }),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: latencies.length, errors, latencies, seconds, rps: latencies.length / seconds };
}

/** Several runs as one: all latencies, and throughput over their summed time. */
export function combine(results: readonly LoadResult[]): LoadResult {
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const seconds = results.reduce((n, r) => n + r.seconds, 0);
  return {
    requests,
    errors: results.reduce((n, r) => n + r.errors, 0),
    latencies: results.flatMap((r) => r.latencies),
    seconds,
    rps: seconds > 0 ? requests / seconds : 0,
  };
}
