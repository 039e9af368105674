import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Plan } from '../../../src/shared/api/vocabulary';
import { hashPassword } from '../auth/password';
import { LibraryWriter } from './library';
import { ensurePool } from './pool';
import { Random } from './random';

/** The account `npm start` signs in with. A demo credential on a local server, not a secret. */
export const DEMO_ACCOUNT = { email: 'demo@aiasmr.so', password: 'asmr-demo-2026' } as const;

/**
 * The demo shows what the app can do on first run. Basic, so one quality (4K) is locked behind Pro;
 * more videos than two of the app's pages (60) and of the server's default list limit (50), so "Load
 * More" shows.
 */
export const DEMO_PLAN = 'basic' satisfies Plan;
export const DEMO_VIDEOS = 150;
export const DEMO_PROCESSING = 3;
/** One entry per shape and trigger family (see pool.ts), so the library mixes looks, sounds and shapes. */
const DEMO_POOL = 8;
const DEMO_RENDER_SECONDS = 3;

/**
 * Creates the demo account and its videos when it does not exist yet; does nothing when it does, so
 * videos the user deleted or changed stay that way. Videos span the year since the account was made,
 * in 16:9, 9:16 and 1:1, each showing media rendered from its own triggers. Most are ready; a few
 * failed long ago (reason given, credits already refunded); a few are still processing, with inputs
 * already rendered and jobs that never simulate a failure, so the worker finishes them cleanly within
 * the first seconds and the app shows live status.
 */
export async function ensureDemoData(db: Database, dataDir: string): Promise<void> {
  const exists = () =>
    db.prepare('SELECT 1 FROM users WHERE email = ?').get(DEMO_ACCOUNT.email) !== undefined;
  if (exists()) return;
  const pool = await ensurePool(db, join(dataDir, 'media'), DEMO_POOL, DEMO_RENDER_SECONDS);
  const passwordHash = await hashPassword(DEMO_ACCOUNT.password);
  db.transaction(() => {
    // Another caller may have created it while this one rendered or hashed.
    if (exists()) return;
    const writer = new LibraryWriter(db);
    writer.write({
      email: DEMO_ACCOUNT.email,
      passwordHash,
      plan: DEMO_PLAN,
      videos: DEMO_VIDEOS,
      now: Date.now(),
      rng: new Random(20_260_101),
      pool,
      processingFromPool: true,
      finishedFromPool: true,
      processingShare: DEMO_PROCESSING / DEMO_VIDEOS,
      processingMayFail: false,
      failedShare: 0.05,
    });
    writer.finish();
  })();
}
