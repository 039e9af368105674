import type { Database } from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import { EventBus } from '../events/bus';
import { AssetFileCache } from '../repo/assetFiles';
import { ListIndex } from '../repo/listIndex';

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
}

export function createContext(db: Database, mediaDir: string, log: FastifyBaseLogger): ServerContext {
  return {
    db,
    bus: new EventBus(),
    assets: new AssetFileCache(db),
    lists: new ListIndex(db),
    mediaDir,
    now: Date.now,
    log,
  };
}
