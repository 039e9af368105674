import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { hashPassword } from '../../src/auth/password';
import { openServerDb } from '../../src/db/open';
import { startServer, type RunningServer, type StartOptions } from '../../src/index';
import type { Plan, TriggerTag, VideoStatus } from '../../../src/shared/api/vocabulary';
import { nextSeq } from '../../src/repo/counters';
import { tagMask } from '../../src/repo/videos';
import { insertUser } from '../../src/repo/users';

// A cheap scrypt cost keeps test logins fast; the format is the production one.
const TEST_COST = { N: 1024, r: 8, p: 1 };

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  /** A second connection to the same database, for fixtures and for checking what the server wrote. */
  db: Database;
  close(): Promise<void>;
}

export function tempDir(prefix = 'aiasmr-server-test-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startTestServer(
  options: Partial<StartOptions> = {},
  dataDir?: string,
): Promise<TestServer> {
  const dir = dataDir ? undefined : tempDir();
  const path = dataDir ?? dir?.path ?? '';
  const server = await startServer({
    port: 0,
    dataDir: path,
    genSeconds: 0.2,
    failRate: 0,
    renderMaxSeconds: 2,
    logLevel: 'silent',
    ...options,
  });
  const db = openServerDb(join(path, 'server.db'));
  return {
    server,
    url: server.url,
    dataDir: path,
    db,
    close: async () => {
      db.close();
      await server.close();
      dir?.remove();
    },
  };
}

export interface TestUser {
  id: number;
  email: string;
  password: string;
}

let userCounter = 0;

export async function createUser(
  db: Database,
  opts: { plan?: Plan; credits?: number; email?: string } = {},
): Promise<TestUser> {
  userCounter++;
  const email = opts.email ?? `tester${userCounter}-${process.pid}@example.com`;
  const password = `pw-${userCounter}-correct horse`;
  const id = insertUser(db, {
    email,
    passwordHash: await hashPassword(password, TEST_COST),
    plan: opts.plan ?? 'free',
    credits: opts.credits ?? 100,
    now: Date.now(),
  });
  return { id, email, password };
}

export interface VideoSpec {
  title?: string;
  prompt?: string;
  triggers?: TriggerTag[];
  status?: VideoStatus;
  creditCost?: number;
  createdAt?: number;
  settings?: Record<string, unknown>;
  assetId?: number | null;
}

/** Inserts finished or processing videos directly, the way the seed does (no job, no charge). */
export function insertVideos(db: Database, userId: number, specs: VideoSpec[]): number[] {
  const insert = db.prepare(
    `INSERT INTO videos (user_id, title, prompt, triggers, tag_mask, settings, status, progress, failure_code,
                         failure_message, credit_cost, created_at, updated_at, asset_id, regenerated_from, change_seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) RETURNING id`,
  );
  return db.transaction(() =>
    specs.map((s, i) => {
      const triggers = s.triggers ?? ['Water'];
      const status = s.status ?? 'ready';
      const created = s.createdAt ?? Date.UTC(2026, 0, 1) + i * 60_000;
      const row = insert.get(
        userId,
        s.title ?? `Video ${i}`,
        s.prompt ?? `A calm scene number ${i}`,
        JSON.stringify(triggers),
        tagMask(triggers),
        JSON.stringify(
          s.settings ?? { model_version: 'asmr-v1', duration_s: 4, aspect_ratio: '16:9', seed: i },
        ),
        status,
        status === 'processing' ? 0 : null,
        status === 'failed' ? 'capacity' : null,
        status === 'failed' ? 'The generation service was at capacity.' : null,
        s.creditCost ?? 4,
        created,
        created,
        s.assetId ?? null,
        nextSeq(db),
      ) as { id: number };
      return row.id;
    }),
  )();
}

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = unknown>(
  base: string,
  path: string,
  init: {
    method?: string;
    token?: string;
    json?: unknown;
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body = init.body;
  if (init.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${base}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

export async function login(base: string, user: TestUser): Promise<string> {
  const r = await call<{ token: string }>(base, '/api/auth/login', {
    method: 'POST',
    json: { email: user.email, password: user.password },
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
  return r.body.token;
}

/**
 * Polls until `check` passes, for state that changes in the background (jobs, renders). Bounded by a
 * generous deadline: ffmpeg renders on 2 shared cores can take tens of seconds under load.
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  check: (v: T) => boolean,
  what: string,
  timeoutMs = 150_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** Per-test limit for tests that wait for a real ffmpeg render. */
export const RENDER_TEST_TIMEOUT = 200_000;

export const SETTINGS = { model_version: 'asmr-v1', duration_s: 4, aspect_ratio: '16:9', seed: 7 } as const;
