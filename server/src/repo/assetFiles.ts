import type { Database } from 'better-sqlite3';
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
export class AssetFileCache {
  private readonly cache = new Map<number, AssetFiles>();

  constructor(private readonly db: Database) {}

  get(assetId: number): AssetFiles | undefined {
    const hit = this.cache.get(assetId);
    if (hit) return hit;
    const asset = stmt(this.db, "SELECT dir FROM assets WHERE id = ? AND status = 'ready'").get(assetId) as
      { dir: string } | undefined;
    if (!asset) return undefined;
    const rows = stmt(this.db, 'SELECT * FROM asset_files WHERE asset_id = ?').all(assetId) as AssetFileRow[];
    const entry: AssetFiles = { dir: asset.dir, files: new Map(rows.map((r) => [r.kind, r])) };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(assetId, entry);
    return entry;
  }

  evict(assetId: number): void {
    this.cache.delete(assetId);
  }
}
