import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { hashPassword } from '../auth/password';
import { LibraryWriter } from './library';
import { ensurePool } from './pool';
import { Random } from './random';

/** The account `npm start` signs in with. A demo credential on a local server, not a secret. */
export const DEMO_ACCOUNT = { email: 'demo@aiasmr.so', password: 'asmr-demo-2026' } as const;

// More than a page (the app's default page size is 60), so paging and "Load More" show.
const DEMO_VIDEOS = 150;
const DEMO_POOL = 4;
const DEMO_RENDER_SECONDS = 3;

/**
 * Creates the demo account and its ~150 videos when it does not exist yet; does nothing when it does,
 * so videos the user deleted or changed stay that way. The library shows what the app can do: more
 * than a page, 16:9, 9:16 and square videos, months of history, a few failed with reasons and refunds,
 * and a few still processing (queued jobs with inputs of their own, so the server's worker really
 * renders them and the app shows live status). The plan is Basic, so a newcomer meets 4K locked with
 * its Upgrade button rather than only ever seeing Pro.
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
      plan: 'basic',
      videos: DEMO_VIDEOS,
      now: Date.now(),
      rng: new Random(20_260_101),
      pool,
      processingFromPool: false,
      processingShare: 4 / DEMO_VIDEOS,
    });
    writer.finish();
  })();
}
