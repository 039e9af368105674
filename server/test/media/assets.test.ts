import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../../src/db/open';
import { AssetRenderError, deleteAssetIfUnused, ensureAsset } from '../../src/media/assets';
import { renderKeyFor, type RenderInputs } from '../../src/media/render';

let dir: string;
let mediaDir: string;
let db: Database;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assets-test-'));
  mediaDir = join(dir, 'media');
  db = openServerDb(join(dir, 'server.db'));
});
afterAll(async () => {
  // Guarded: if setup failed before opening, the temp folder must still go.
  if (db?.open) db.close();
  await rm(dir, { recursive: true, force: true });
});

const inputs: RenderInputs = { triggers: ['Crinkle', 'Water'], aspectRatio: '1:1', durationS: 8, seed: 77 };

function insertVideo(assetId: number): number {
  db.prepare(
    "INSERT OR IGNORE INTO users (id, email, password_hash, plan, credits_balance, created_at) VALUES (1, 'a@example.com', 'x', 'free', 0, 0)",
  ).run();
  const row = db
    .prepare(
      `INSERT INTO videos (user_id, title, prompt, triggers, tag_mask, settings, status, credit_cost, created_at,
         updated_at, asset_id, change_seq)
       VALUES (1, 't', 'p', '[]', 0, '{}', 'ready', 0, 0, 0, ?, (SELECT COALESCE(MAX(change_seq), 0) + 1 FROM videos))
       RETURNING id`,
    )
    .get(assetId) as { id: number };
  return row.id;
}

describe('ensureAsset', () => {
  let assetId = 0;

  it('renders once for concurrent calls with the same inputs and records every file', async () => {
    const ids = await Promise.all([
      ensureAsset(db, mediaDir, inputs, { maxSeconds: 1 }),
      ensureAsset(db, mediaDir, { ...inputs, triggers: ['Water', 'Crinkle'] }, { maxSeconds: 1 }),
      ensureAsset(db, mediaDir, inputs, { maxSeconds: 1 }),
    ]);
    expect(new Set(ids).size).toBe(1);
    assetId = ids[0] ?? 0;
    const asset = db.prepare('SELECT * FROM assets').all() as {
      id: number;
      render_key: string;
      status: string;
      dir: string;
    }[];
    expect(asset).toEqual([
      {
        id: assetId,
        render_key: renderKeyFor(inputs),
        status: 'ready',
        dir: expect.any(String),
        created_at: expect.any(Number),
      },
    ]);
    const files = db
      .prepare('SELECT kind, file, bytes FROM asset_files WHERE asset_id = ? ORDER BY kind')
      .all(assetId) as {
      kind: string;
      file: string;
      bytes: number;
    }[];
    expect(files.map((f) => f.kind)).toEqual(['4k', 'hd', 'preview', 'sd', 'thumbnail']);
    for (const f of files)
      expect((await stat(join(mediaDir, asset[0]?.dir ?? '', f.file))).size).toBe(f.bytes);
    // Only the final directory remains: no temporary folders from the render.
    expect(await readdir(mediaDir)).toEqual([asset[0]?.dir]);
  });

  it('returns the stored asset without rendering again', async () => {
    const saved = process.env.AIASMR_FFMPEG;
    process.env.AIASMR_FFMPEG = join(dir, 'no-such-ffmpeg');
    try {
      expect(await ensureAsset(db, mediaDir, inputs, { maxSeconds: 1 })).toBe(assetId);
    } finally {
      if (saved === undefined) delete process.env.AIASMR_FFMPEG;
      else process.env.AIASMR_FFMPEG = saved;
    }
  });

  it('leaves no row and no files when the render fails, and says why', async () => {
    const fake = join(dir, 'fake-ffmpeg.sh');
    await writeFile(
      fake,
      '#!/bin/sh\nfor a in "$@"; do case "$a" in *.part) echo junk > "$a";; esac; done\necho "out of disk" >&2\nexit 1\n',
    );
    await chmod(fake, 0o755);
    const before = await readdir(mediaDir);
    const saved = process.env.AIASMR_FFMPEG;
    process.env.AIASMR_FFMPEG = fake;
    const other: RenderInputs = { ...inputs, seed: 78 };
    try {
      const failure = ensureAsset(db, mediaDir, other, { maxSeconds: 1 });
      await expect(failure).rejects.toBeInstanceOf(AssetRenderError);
      await expect(failure).rejects.toThrow(
        /Rendering media r\d+-[0-9a-f]+ failed: ffmpeg failed .*out of disk/,
      );
    } finally {
      if (saved === undefined) delete process.env.AIASMR_FFMPEG;
      else process.env.AIASMR_FFMPEG = saved;
    }
    expect(
      db.prepare('SELECT COUNT(*) AS n FROM assets WHERE render_key = ?').get(renderKeyFor(other)),
    ).toEqual({ n: 0 });
    expect(await readdir(mediaDir)).toEqual(before);
  });

  it('keeps an asset a video uses and deletes one no video uses, with its files', async () => {
    const [row] = db.prepare('SELECT dir FROM assets WHERE id = ?').all(assetId) as { dir: string }[];
    const videoId = insertVideo(assetId);
    expect(await deleteAssetIfUnused(db, mediaDir, assetId)).toBe(false);
    expect(await readdir(mediaDir)).toContain(row?.dir);
    db.prepare('DELETE FROM videos WHERE id = ?').run(videoId);
    expect(await deleteAssetIfUnused(db, mediaDir, assetId)).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM asset_files WHERE asset_id = ?').get(assetId)).toEqual({
      n: 0,
    });
    expect(await readdir(mediaDir)).not.toContain(row?.dir);
    expect(await deleteAssetIfUnused(db, mediaDir, assetId)).toBe(false);
  });
});
