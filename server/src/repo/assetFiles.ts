import type { Database } from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { stmt } from '../../../src/shared/sqlite/statements';

export type AssetKind = 'thumbnail' | 'preview' | 'sd' | 'hd' | '4k';

export interface AssetFileRow {
  asset_id: number;
  kind: AssetKind;
  file: string;
  mime: string;
  bytes: number;
  sha256: string;
  etag: string;
  width: number;
  height: number;
}

export interface AssetFiles {
  dir: string;
  files: Map<AssetKind, AssetFileRow>;
}

/**
 * Ready assets never change (a new render gets a new asset), so their file rows are cached per
 * process; a list page then costs one query, not one per card. Deleting an asset evicts it.
 */
const MAX_CACHED_ASSETS = 10_000;

export class AssetFileCache {
  private readonly cache = new LRUCache<number, AssetFiles>({ max: MAX_CACHED_ASSETS });

  constructor(private readonly db: Database) {}

  get(assetId: number): AssetFiles | undefined {
    const hit = this.cache.get(assetId);
    if (hit) return hit;
    const asset = stmt(this.db, "SELECT dir FROM assets WHERE id = ? AND status = 'ready'").get(assetId) as
      { dir: string } | undefined;
    if (!asset) return undefined;
    const rows = stmt(this.db, 'SELECT * FROM asset_files WHERE asset_id = ?').all(assetId) as AssetFileRow[];
    const entry: AssetFiles = { dir: asset.dir, files: new Map(rows.map((r) => [r.kind, r])) };
    this.cache.set(assetId, entry);
    return entry;
  }

  evict(assetId: number): void {
    this.cache.delete(assetId);
  }
}
