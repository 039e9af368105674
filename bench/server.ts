import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRIGGER_TAGS } from '../src/shared/api/vocabulary';
import { openServerDb } from '../server/src/db/open';
import { Random } from '../server/src/seed/random';
import { seedDatabase } from '../server/src/seed/seed';
import { BenchUsageError, expectOnlyFlags, intFlag } from './lib/args';
import { withCpu } from './lib/cpu';
import { combine, get, runLoad, runPaced, type LoadRequest, type LoadResult } from './lib/load';
import { startServerProcess } from './lib/serverProcess';
import { median, percentile, round } from './lib/stats';

// `npm run bench -- server [--videos N] [--seconds S]`: seeds N videos (users of 10,000 each) into a temporary data
// folder, starts the real server in a child process, then drives `GET /health` and a mix of list
// requests (every sort and order, status and tag filters, offset and cursor pages, 16 keep-alive
// connections) for S seconds each (default 12, in three alternating rounds), and times the first page against a page 9,000 rows deep.
// list_p50_ms / list_p99_ms are measured while the 16 connections saturate the server (closed loop: each
// connection sends its next request when the last one answers), so they include queueing behind the
// other 15; list_paced_* repeat the mix open-loop at half the measured throughput, the latency a client
// sees below saturation. Both run in the same process as the seed, against the server's child process.

const CONNECTIONS = 16;
const ROUNDS = 3;
/** Libraries of 10,000 videos, as many users as that takes (100 for the default million). */
const PER_USER = 10_000;
const LOGINS = 4;
const PAGE = 50;
const DEEP_ROWS = 9000;
const SORTS = ['date', 'cost', 'title'] as const;
const ORDERS = ['default', 'reversed'] as const;

const log = (line: string) => process.stderr.write(`bench server: ${line}\n`);

interface Session {
  token: string;
}

async function login(base: string, email: string, password: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { token: string };
  return { token: body.token };
}

const listPath = (params: Record<string, string | number>) =>
  `/api/user/videos?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;

/** Follows next_cursor with pages of 200 and returns the cursor after each page. */
async function cursorsFor(
  agent: Agent,
  base: URL,
  session: Session,
  params: Record<string, string>,
  rows: number,
): Promise<string[]> {
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let seen = 0; seen < rows; seen += 200) {
    const res = await get(agent, base, {
      path: listPath({ ...params, limit: 200, ...(cursor ? { cursor } : {}) }),
      headers: { authorization: `Bearer ${session.token}` },
    });
    if (res.status !== 200)
      throw new Error(`walking the list failed: ${res.status} ${res.body.slice(0, 300)}`);
    cursor = (JSON.parse(res.body) as { next_cursor: string | null }).next_cursor;
    if (!cursor) break;
    cursors.push(cursor);
  }
  return cursors;
}

function mixedRequests(
  rng: Random,
  sessions: readonly Session[],
  cursors: ReadonlyMap<string, readonly string[]>,
  count: number,
): LoadRequest[] {
  const out: LoadRequest[] = [];
  for (let n = 0; n < count; n++) {
    const session = rng.pick(sessions);
    const sort = rng.pick(SORTS);
    const order = rng.pick(ORDERS);
    const params: Record<string, string | number> = { sort, order, limit: PAGE };
    const kind = rng.next();
    if (kind < 0.25) {
      const deep = cursors.get(`${sort}|${order}`) ?? [];
      if (deep.length > 0) params.cursor = rng.pick(deep);
    } else {
      const filter = rng.next();
      if (filter < 0.25) params.filter_status = rng.pick(['ready', 'failed', 'processing']);
      else if (filter < 0.45) params.filter_tag = rng.pick(TRIGGER_TAGS);
      else if (filter < 0.55) {
        params.filter_tag = `${rng.pick(TRIGGER_TAGS)},${rng.pick(TRIGGER_TAGS)}`;
        params.tag_match = rng.pick(['any', 'all']);
      }
      if (rng.chance(0.5)) params.offset = PAGE * rng.int(1, 40);
    }
    out.push({ path: listPath(params), headers: { authorization: `Bearer ${session.token}` } });
  }
  return out;
}

async function pageLatency(agent: Agent, base: URL, req: LoadRequest, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const res = await get(agent, base, req);
    if (res.status !== 200) throw new Error(`page failed: ${res.status} ${res.body.slice(0, 300)}`);
    times.push(res.ms);
  }
  return times;
}

/** Cores used by the server and by this process, averaged over rounds by their duration. */
class CoreUse {
  private wall = 0;
  private serverMs: number | null = 0;
  private clientMs = 0;

  add(run: { serverCores: number | null; clientCores: number; wallMs: number }): void {
    this.wall += run.wallMs;
    this.serverMs =
      this.serverMs === null || run.serverCores === null
        ? null
        : this.serverMs + run.serverCores * run.wallMs;
    this.clientMs += run.clientCores * run.wallMs;
  }

  server(): number | null {
    return this.serverMs === null || this.wall === 0 ? null : round(this.serverMs / this.wall, 2);
  }

  client(): number {
    return this.wall === 0 ? 0 : round(this.clientMs / this.wall, 2);
  }
}

export async function runServerBench(argv: readonly string[]): Promise<Record<string, unknown>> {
  expectOnlyFlags(argv, ['videos', 'seconds']);
  const videos = intFlag(argv, 'videos', 1_000_000, PER_USER, 5_000_000);
  const seconds = intFlag(argv, 'seconds', 12, 3, 300);
  const users = Math.max(1, Math.round(videos / PER_USER));
  const perUser = Math.ceil(videos / users);
  const dir = await mkdtemp(join(tmpdir(), 'bench-server-'));
  let stop: (() => Promise<void>) | undefined;
  try {
    const seedStarted = performance.now();
    const db = openServerDb(join(dir, 'server.db'));
    let report;
    try {
      report = await seedDatabase(db, dir, {
        users,
        videosPerUser: perUser,
        pool: 4,
        renderSeconds: 2,
        log: (line) => log(`seed: ${line}`),
      });
    } finally {
      db.close();
    }
    const seedS = (performance.now() - seedStarted) / 1000;
    log(`seeded ${report.videos} videos in ${round(seedS)} s`);

    const server = await startServerProcess(dir, ['--log-level', 'warn']);
    stop = server.stop;
    log(`server ${server.pid} at ${server.url}`);
    const sessions: Session[] = [];
    for (const u of report.users.slice(0, LOGINS))
      sessions.push(await login(server.url, u.email, u.password));

    const base = new URL(server.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = sessions[0];
    if (!first) throw new Error('no session');
    const cursors = new Map<string, string[]>();
    for (const sort of SORTS)
      for (const order of ORDERS)
        cursors.set(
          `${sort}|${order}`,
          await cursorsFor(agent, base, first, { sort, order }, DEEP_ROWS + 200),
        );
    const deepCursor = cursors.get('date|default')?.[DEEP_ROWS / 200 - 1];
    if (!deepCursor) throw new Error(`could not reach a page ${DEEP_ROWS} rows deep`);

    const rng = new Random(7);
    const mix = mixedRequests(rng, sessions, cursors, 5000);
    const next = (n: number) => mix[n % mix.length] ?? { path: '/health' };
    log('warming up');
    await runLoad({ base: server.url, connections: CONNECTIONS, durationMs: 2000, next });

    // Health and list phases alternate in short rounds, so a change in the machine's other load
    // during the run weighs on both sides of rps_ratio alike.
    log(`GET /health and the list mix, ${ROUNDS} rounds of ${seconds / ROUNDS} s each`);
    const healthRounds: LoadResult[] = [];
    const listRounds: LoadResult[] = [];
    const cores = { health: new CoreUse(), list: new CoreUse() };
    let listIssued = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const health = await withCpu(server.pid, () =>
        runLoad({
          base: server.url,
          connections: CONNECTIONS,
          durationMs: (seconds * 1000) / ROUNDS,
          next: () => ({ path: '/health' }),
        }),
      );
      healthRounds.push(health.result);
      cores.health.add(health);
      const offset = listIssued;
      const list = await withCpu(server.pid, () =>
        runLoad({
          base: server.url,
          connections: CONNECTIONS,
          durationMs: (seconds * 1000) / ROUNDS,
          next: (n) => next(offset + n),
        }),
      );
      listIssued += list.result.requests;
      listRounds.push(list.result);
      cores.list.add(list);
    }
    const health = combine(healthRounds);
    const list = combine(listRounds);
    const pacedRate = Math.max(10, Math.round(list.rps / 2));
    log(`list mix paced at ${pacedRate} requests/s for ${seconds} s`);
    const paced = await runPaced({
      base: server.url,
      connections: CONNECTIONS,
      rate: pacedRate,
      durationMs: seconds * 1000,
      next: (n) => next(n + 7919),
    });

    const auth = { authorization: `Bearer ${first.token}` };
    const firstReq = { path: listPath({ sort: 'date', order: 'default', limit: PAGE }), headers: auth };
    const deepReq = {
      path: listPath({ sort: 'date', order: 'default', limit: PAGE, cursor: deepCursor }),
      headers: auth,
    };
    const offsetReq = {
      path: listPath({ sort: 'date', order: 'default', limit: PAGE, offset: DEEP_ROWS }),
      headers: auth,
    };
    const firstMs: number[] = [];
    const deepMs: number[] = [];
    const offsetMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      firstMs.push(...(await pageLatency(agent, base, firstReq, 20)));
      deepMs.push(...(await pageLatency(agent, base, deepReq, 20)));
      offsetMs.push(...(await pageLatency(agent, base, offsetReq, 20)));
    }
    agent.destroy();

    const listRps = round(list.rps, 1);
    const healthRps = round(health.rps, 1);
    return {
      bench: 'server',
      videos: report.videos,
      seed_s: round(seedS),
      list_p50_ms: round(percentile(list.latencies, 50)),
      list_p99_ms: round(percentile(list.latencies, 99)),
      list_rps: listRps,
      health_rps: healthRps,
      rps_ratio: round(list.rps / health.rps, 3),
      deep_page_ratio: round(median(deepMs) / median(firstMs), 3),
      deep_offset_ratio: round(median(offsetMs) / median(firstMs), 3),
      first_page_ms: round(median(firstMs), 3),
      deep_page_ms: round(median(deepMs), 3),
      list_paced_rate: pacedRate,
      list_paced_p50_ms: round(percentile(paced.latencies, 50)),
      list_paced_p99_ms: round(percentile(paced.latencies, 99)),
      list_requests: list.requests + paced.requests,
      list_errors: list.errors + paced.errors,
      health_p99_ms: round(percentile(health.latencies, 99)),
      // How busy each side was during the closed-loop phases, in cores (2 here, shared with others).
      list_server_cores: cores.list.server(),
      list_client_cores: cores.list.client(),
      health_server_cores: cores.health.server(),
      health_client_cores: cores.health.client(),
      health_errors: health.errors,
      connections: CONNECTIONS,
      seconds,
    };
  } finally {
    if (stop) await stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  runServerBench(process.argv.slice(2)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (err: unknown) => {
      process.stderr.write(
        `bench server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = err instanceof BenchUsageError ? 2 : 1;
    },
  );
}
