import type { Database } from 'better-sqlite3';
import type { FastifyBaseLogger } from 'fastify';
import { EventBus } from '../events/bus';
import { AssetFileCache } from '../repo/assetFiles';
import { TotalCache } from '../repo/videoList';

/** What every service needs, built once per server and passed in (no globals). */
export interface ServerContext {
  db: Database;
  bus: EventBus;
  assets: AssetFileCache;
  totals: TotalCache;
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
    totals: new TotalCache(db),
    mediaDir,
    now: Date.now,
    log,
  };
}
