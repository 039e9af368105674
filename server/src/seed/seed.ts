import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Plan } from '../../../src/shared/api/vocabulary';
import { hashPassword } from '../auth/password';
import { LibraryWriter } from './library';
import { BackgroundPool, poolInputs } from './pool';
import { Random } from './random';

export interface SeedOptions {
  users: number;
  videosPerUser: number;
  /** Distinct pre-rendered assets that ready videos share. */
  pool: number;
  /** Length of each pool render, in seconds. */
  renderSeconds: number;
  /** Makes titles, plans and statuses reproducible (passwords stay random). */
  rngSeed?: number;
  now?: number;
  log?: (line: string) => void;
}

export interface SeededUser {
  email: string;
  password: string;
  plan: Plan;
}

export interface SeedReport {
  users: SeededUser[];
  videos: number;
  ready: number;
  failed: number;
  processing: number;
  seconds: number;
}

export class SeedConflictError extends Error {
  constructor(emails: string[]) {
    super(
      `The data folder already has ${emails.length} of these users (${emails.slice(0, 3).join(', ')}` +
        `${emails.length > 3 ? ', …' : ''}). Nothing was changed; seed into an empty data folder instead.`,
    );
    this.name = 'SeedConflictError';
  }
}

/** Above this many new videos the secondary indexes are dropped and rebuilt once, which is far faster. */
const REBUILD_INDEXES_FROM = 200_000;

export const seedEmail = (n: number) => `user${n}@example.com`;

function planFor(n: number, rng: Random): Plan {
  // The first three cover every plan, so small seeds can still exercise plan rules.
  if (n === 1) return 'pro';
  if (n === 2) return 'basic';
  if (n === 3) return 'free';
  const r = rng.next();
  return r < 0.45 ? 'free' : r < 0.8 ? 'basic' : 'pro';
}

function existingEmails(db: Database, count: number): string[] {
  const rows = db.prepare("SELECT email FROM users WHERE email LIKE 'user%@example.com'").all() as {
    email: string;
  }[];
  const wanted = new Set(Array.from({ length: count }, (_, i) => seedEmail(i + 1)));
  return rows.map((r) => r.email.toLowerCase()).filter((e) => wanted.has(e));
}

const seconds = (from: number) => Math.round((performance.now() - from) / 10) / 100;

/**
 * Seeds users `user1@example.com` … with libraries of videos. Refuses (SeedConflictError, nothing
 * changed) when any of those users already exists. Every row goes in one transaction, so a failure or
 * a crash part way leaves the database as it was.
 *
 * The pool renders (ffmpeg child processes) and password hashing (libuv's thread pool) run while the
 * main thread writes rows, so the transaction stays open across the awaits that collect them. That is
 * safe only because the seed owns `db` for the whole call: pass a connection nothing else uses, and run
 * the seed while no server writes to the database.
 */
export async function seedDatabase(db: Database, dataDir: string, opts: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const log = opts.log ?? (() => undefined);
  const rng = new Random(opts.rngSeed ?? Date.now());
  const now = opts.now ?? Date.now();
  const clash = existingEmails(db, opts.users);
  if (clash.length > 0) throw new SeedConflictError(clash);

  const users: SeededUser[] = Array.from({ length: opts.users }, (_, i) => ({
    email: seedEmail(i + 1),
    password: randomBytes(12).toString('base64url'),
    plan: planFor(i + 1, rng),
  }));
  const pool = new BackgroundPool(db, join(dataDir, 'media'), poolInputs(opts.pool), opts.renderSeconds);
  const hashing = Promise.all(users.map((u) => hashPassword(u.password)));
  hashing.catch(() => undefined); // awaited below

  const total = opts.users * opts.videosPerUser;
  const rebuild = total >= REBUILD_INDEXES_FROM;
  const report = { videos: 0, ready: 0, failed: 0, processing: 0 };
  const previousCache = db.pragma('cache_size', { simple: true });
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('temp_store = MEMORY');
  // Lets CREATE INDEX sort with a helper thread while the main thread merges.
  db.pragma('threads = 2');
  let committed = false;
  const t = performance.now();
  db.exec('BEGIN IMMEDIATE');
  try {
    const entries = pool.reserve();
    const indexes = rebuild
      ? (db
          .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('videos', 'credit_ledger')",
          )
          .all() as { name: string; sql: string }[])
      : [];
    for (const ix of indexes) db.exec(`DROP INDEX "${ix.name.replace(/"/g, '""')}"`);
    const writer = new LibraryWriter(db);
    const userIds: number[] = [];
    for (const u of users) {
      // The pool renders and hashes on this thread's event loop (ffmpeg exits, file hashing, renames):
      // letting it turn between libraries keeps them going while the rows are written.
      await new Promise((resolve) => setImmediate(resolve));
      const stats = writer.write({
        email: u.email,
        // Replaced by the real hash before commit; a malformed hash never verifies.
        passwordHash: '!pending',
        plan: u.plan,
        videos: opts.videosPerUser,
        now,
        rng,
        pool: entries,
        processingFromPool: true,
      });
      report.videos += stats.videos;
      report.ready += stats.ready;
      report.failed += stats.failed;
      report.processing += stats.processing;
      userIds.push(stats.userId);
    }
    writer.finish();
    log(`${report.videos} videos written in ${seconds(t)} s`);
    if (indexes.length > 0) {
      const ti = performance.now();
      for (const ix of indexes) {
        db.exec(ix.sql);
        await new Promise((resolve) => setImmediate(resolve));
      }
      log(`${indexes.length} indexes rebuilt in ${seconds(ti)} s`);
    }
    const tw = performance.now();
    const [rendered, hashes] = await Promise.all([pool.settle(), hashing]);
    log(`waited ${seconds(tw)} s for the media pool and password hashes`);
    pool.complete(rendered);
    const setHash = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
    userIds.forEach((id, i) => setHash.run(hashes[i], id));
    db.exec('COMMIT');
    committed = true;
  } finally {
    if (!committed) {
      if (db.inTransaction) db.exec('ROLLBACK');
      await pool.discard();
    }
    db.pragma(`cache_size = ${Number(previousCache)}`);
    db.pragma('synchronous = NORMAL');
    db.pragma('threads = 0');
  }
  // Moves the large transaction out of the WAL now rather than on the server's first reads.
  db.pragma('wal_checkpoint(TRUNCATE)');
  const totalS = seconds(started);
  log(`${report.videos} videos stored in ${totalS} s`);
  return { users, ...report, seconds: totalS };
}
