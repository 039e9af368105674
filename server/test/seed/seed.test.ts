import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password';
import { openServerDb } from '../../src/db/open';
import { DEMO_ACCOUNT, ensureDemoData } from '../../src/seed/demo';
import { SeedConflictError, seedDatabase, type SeedReport } from '../../src/seed/seed';
import { expectConsistentLibraries } from './invariants';

let dir: string;
let db: Database;
let report: SeedReport;
const now = Date.now();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seed-test-'));
  db = openServerDb(join(dir, 'server.db'));
  report = await seedDatabase(db, dir, {
    users: 4,
    videosPerUser: 500,
    pool: 3,
    renderSeconds: 1,
    rngSeed: 42,
    now,
  });
});
afterAll(async () => {
  // Guarded: if setup failed before opening, the temp folder must still go.
  if (db?.open) db.close();
  await rm(dir, { recursive: true, force: true });
});

const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;

describe('seedDatabase', () => {
  it('creates the users with every plan and passwords stored only as hashes', async () => {
    expect(report.users.map((u) => u.email)).toEqual([
      'user1@example.com',
      'user2@example.com',
      'user3@example.com',
      'user4@example.com',
    ]);
    expect(report.users.slice(0, 3).map((u) => u.plan)).toEqual(['pro', 'basic', 'free']);
    const rows = db.prepare('SELECT email, password_hash, plan FROM users ORDER BY id').all() as {
      email: string;
      password_hash: string;
      plan: string;
    }[];
    expect(rows.map((r) => r.plan)).toEqual(report.users.map((u) => u.plan));
    for (const [i, row] of rows.entries()) {
      const user = report.users[i];
      if (!user) throw new Error('missing user');
      expect(row.password_hash).not.toContain(user.password);
      expect(await verifyPassword(user.password, row.password_hash)).toBe(true);
    }
    expect(new Set(report.users.map((u) => u.password)).size).toBe(4);
  });

  it('writes the requested videos with a realistic status mix', () => {
    expect(report.videos).toBe(2000);
    expect(count('SELECT COUNT(*) AS n FROM videos')).toBe(2000);
    for (let user = 1; user <= 4; user++)
      expect(count('SELECT COUNT(*) AS n FROM videos WHERE user_id = ?', user)).toBe(500);
    const share = (status: string) =>
      count('SELECT COUNT(*) AS n FROM videos WHERE status = ?', status) / 2000;
    expect(share('ready')).toBeGreaterThan(0.74);
    expect(share('ready')).toBeLessThan(0.86);
    expect(share('failed')).toBeGreaterThan(0.08);
    expect(share('failed')).toBeLessThan(0.16);
    expect(share('processing')).toBeCloseTo(0.08, 2);
    expect(report.ready + report.failed + report.processing).toBe(2000);
    expect(count('SELECT COUNT(*) AS n FROM videos WHERE regenerated_from IS NOT NULL')).toBeGreaterThan(0);
    expect(count('SELECT COUNT(DISTINCT title) AS n FROM videos')).toBeGreaterThan(200);
  });

  it('keeps tags, costs, ledger, counters, change feed, jobs and timestamps consistent', () => {
    expectConsistentLibraries(db, now);
  });

  it('shares a small pool of ready assets whose files are on disk', async () => {
    expect(count("SELECT COUNT(*) AS n FROM assets WHERE status = 'ready'")).toBe(3);
    expect(count("SELECT COUNT(*) AS n FROM assets WHERE status <> 'ready'")).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM asset_files')).toBe(15);
    const dirs = (db.prepare('SELECT dir FROM assets').all() as { dir: string }[]).map((r) => r.dir).sort();
    expect((await readdir(join(dir, 'media'))).sort()).toEqual(dirs);
    // Ready videos show media of their own aspect ratio.
    const mismatched = count(
      `SELECT COUNT(*) AS n FROM videos v JOIN asset_files f ON f.asset_id = v.asset_id AND f.kind = 'hd'
        WHERE (json_extract(v.settings, '$.aspect_ratio') = '16:9' AND f.width <= f.height)
           OR (json_extract(v.settings, '$.aspect_ratio') = '9:16' AND f.width >= f.height)
           OR (json_extract(v.settings, '$.aspect_ratio') = '1:1' AND f.width <> f.height)`,
    );
    expect(mismatched).toBe(0);
  });

  it('refuses to seed users that already exist, changing nothing', async () => {
    const before = count('SELECT COUNT(*) AS n FROM videos');
    await expect(
      seedDatabase(db, dir, { users: 5, videosPerUser: 10, pool: 3, renderSeconds: 1 }),
    ).rejects.toBeInstanceOf(SeedConflictError);
    await expect(
      seedDatabase(db, dir, { users: 2, videosPerUser: 10, pool: 3, renderSeconds: 1 }),
    ).rejects.toThrow(
      /already has 2 of these users \(user1@example.com, user2@example.com\)\. Nothing was changed/,
    );
    expect(count('SELECT COUNT(*) AS n FROM videos')).toBe(before);
    expect(count('SELECT COUNT(*) AS n FROM users')).toBe(4);
  });

  it('adds the demo account once, next to seeded users, with live and failed videos', async () => {
    await Promise.all([ensureDemoData(db, dir), ensureDemoData(db, dir)]);
    await ensureDemoData(db, dir);
    const demo = db
      .prepare('SELECT id, plan, password_hash FROM users WHERE email = ?')
      .all(DEMO_ACCOUNT.email) as {
      id: number;
      plan: string;
      password_hash: string;
    }[];
    expect(demo).toHaveLength(1);
    const [user] = demo;
    if (!user) throw new Error('no demo user');
    // Basic, so a newcomer meets 4K locked; more videos than the app's default page of 60 (issue 13).
    expect(user.plan).toBe('basic');
    expect(await verifyPassword(DEMO_ACCOUNT.password, user.password_hash)).toBe(true);
    expect(count('SELECT COUNT(*) AS n FROM videos WHERE user_id = ?', user.id)).toBe(150);
    expect(
      count("SELECT COUNT(*) AS n FROM videos WHERE user_id = ? AND status = 'processing'", user.id),
    ).toBe(4);
    expect(
      count("SELECT COUNT(*) AS n FROM videos WHERE user_id = ? AND status = 'failed'", user.id),
    ).toBeGreaterThan(0);
    expectConsistentLibraries(db, Date.now());
  });
});

describe('a seed whose media cannot be rendered', () => {
  it('fails with the render error and leaves no users, rows or files behind', async () => {
    const failDir = await mkdtemp(join(tmpdir(), 'seed-fail-'));
    const fake = join(failDir, 'fake-ffmpeg.sh');
    await writeFile(fake, '#!/bin/sh\necho "no space left on device" >&2\nexit 1\n');
    await chmod(fake, 0o755);
    const failDb = openServerDb(join(failDir, 'server.db'));
    const saved = process.env.AIASMR_FFMPEG;
    process.env.AIASMR_FFMPEG = fake;
    try {
      await expect(
        seedDatabase(failDb, failDir, { users: 2, videosPerUser: 50, pool: 2, renderSeconds: 1 }),
      ).rejects.toThrow(/Rendering media .* failed: ffmpeg failed .*no space left on device/);
      for (const table of ['users', 'videos', 'assets', 'credit_ledger', 'jobs', 'user_counters'])
        expect(failDb.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
      expect(await readdir(join(failDir, 'media'))).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.AIASMR_FFMPEG;
      else process.env.AIASMR_FFMPEG = saved;
      failDb.close();
      await rm(failDir, { recursive: true, force: true });
    }
  });
});
