import type { Database } from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import { EventBus } from '../events/bus';
import { SessionWatch } from '../events/sessionWatch';
import { AssetFileCache } from '../repo/assetFiles';
import { ListIndex } from '../repo/listIndex';
import { sessionLive } from '../repo/sessions';

/** What every service needs, built once per server and passed in (no globals). */
export interface ServerContext {
  db: Database;
  bus: EventBus;
  assets: AssetFileCache;
  /** Every user's list orders, in memory (see ListIndex). */
  lists: ListIndex;
  /** `<data>/media`: asset folders live below it. */
  mediaDir: string;
  now: () => number;
  log: FastifyBaseLogger;
  /** Open event streams and media responses, ended when their session ends. */
  sessions: SessionWatch;
}

export function createContext(
  db: Database,
  mediaDir: string,
  log: FastifyBaseLogger,
  sessionCheckMs = 250,
): ServerContext {
  const ctx: ServerContext = {
    db,
    bus: new EventBus(),
    assets: new AssetFileCache(db),
    lists: new ListIndex(db),
    mediaDir,
    now: Date.now,
    log,
    sessions: new SessionWatch((tokenHash) => sessionLive(db, tokenHash, ctx.now()), sessionCheckMs),
  };
  return ctx;
}
