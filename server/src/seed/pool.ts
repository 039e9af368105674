import type { Database } from 'better-sqlite3';
import type { TriggerTag } from '../../../src/shared/api/vocabulary';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { completePendingAsset, ensureAsset, readyAssetId, renderIntoMediaDir } from '../media/assets';
import { renderKeyFor, type RenderInputs, type RenderedFile } from '../media/render';
import { nextId } from '../repo/ids';
import type { PoolEntry } from './library';

// The small set of rendered assets that seeded ready videos share. Inputs are fixed, so seeding the
// same data folder again finds them already rendered. Aspect ratios come first so that any pool of
// three or more covers every aspect ratio a seeded video can have.

const POOL_ASPECTS: readonly RenderInputs['aspectRatio'][] = ['16:9', '9:16', '1:1'];
const POOL_TRIGGERS: readonly TriggerTag[][] = [
  ['Rain', 'Whisper'],
  ['Tapping', 'Wood'],
  ['Crinkle'],
  ['Water', 'Soap'],
  ['Typing', 'Pages'],
  ['Fire', 'Crinkle'],
  ['Brushing', 'Whisper', 'Sand'],
  ['Glass', 'Tapping'],
];
const POOL_DURATIONS = [10, 15, 20, 30];

export function poolInputs(count: number): RenderInputs[] {
  return Array.from({ length: count }, (_, i) => ({
    triggers: [...(POOL_TRIGGERS[i % POOL_TRIGGERS.length] ?? [])],
    aspectRatio: POOL_ASPECTS[i % POOL_ASPECTS.length] ?? '16:9',
    durationS: POOL_DURATIONS[i % POOL_DURATIONS.length] ?? 10,
    seed: 1000 + i,
  }));
}

type Rendered = { dir: string; files: RenderedFile[] };

/** Renders (or finds) the pool one asset at a time, each recorded as it completes (small seeds, demo). */
export async function ensurePool(
  db: Database,
  mediaDir: string,
  count: number,
  maxSeconds: number,
): Promise<PoolEntry[]> {
  const entries: PoolEntry[] = [];
  for (const inputs of poolInputs(count)) {
    entries.push({ assetId: await ensureAsset(db, mediaDir, inputs, { maxSeconds }), inputs });
  }
  return entries;
}

/**
 * A pool whose missing renders run in the background (ffmpeg child processes) while the caller writes
 * rows on the main thread. `reserve` (inside the caller's transaction) gives every entry an asset id,
 * inserting `pending` rows for the missing ones; `complete` (same transaction, after `settle`) makes
 * them ready; `discard` removes rendered folders when the transaction is rolled back.
 */
export class BackgroundPool {
  private readonly renders = new Map<number, Promise<Rendered>>();
  private readonly pending = new Map<number, number>();

  constructor(
    private readonly db: Database,
    private readonly mediaDir: string,
    readonly inputs: readonly RenderInputs[],
    maxSeconds: number,
  ) {
    // One render at a time, at normal priority: each already keeps both cores busy, and several at once
    // would mostly take CPU from the main thread writing rows (the longest part of a seed).
    let previous: Promise<unknown> = Promise.resolve();
    inputs.forEach((input, i) => {
      if (readyAssetId(db, renderKeyFor(input)) !== undefined) return;
      const rendering = previous.then(() => renderIntoMediaDir(mediaDir, input, maxSeconds, 0));
      rendering.catch(() => undefined); // observed in settle() or discard()
      previous = rendering.catch(() => undefined);
      this.renders.set(i, rendering);
    });
  }

  reserve(): PoolEntry[] {
    const insert = this.db.prepare(
      "INSERT INTO assets (id, render_key, status, dir, created_at) VALUES (?, ?, 'pending', '', ?) RETURNING id",
    );
    const clear = this.db.prepare("DELETE FROM assets WHERE render_key = ? AND status <> 'ready'");
    return this.inputs.map((input, i) => {
      const key = renderKeyFor(input);
      const ready = readyAssetId(this.db, key);
      if (ready !== undefined && !this.renders.has(i)) return { assetId: ready, inputs: input };
      clear.run(key);
      const { id } = insert.get(nextId(this.db, 'assets'), key, Date.now()) as { id: number };
      this.pending.set(i, id);
      return { assetId: id, inputs: input };
    });
  }

  /** Waits for every render; throws the first failure once all have settled. */
  async settle(): Promise<Map<number, Rendered>> {
    const entries = [...this.renders.entries()];
    const outcomes = await Promise.allSettled(entries.map(([, r]) => r));
    const results = new Map<number, Rendered>();
    for (const [n, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') throw outcome.reason;
      const index = entries[n]?.[0];
      if (index !== undefined) results.set(index, outcome.value);
    }
    return results;
  }

  complete(results: ReadonlyMap<number, Rendered>): void {
    for (const [i, assetId] of this.pending) {
      const rendered = results.get(i);
      if (!rendered) throw new Error(`The render of pool entry ${i} is missing`);
      completePendingAsset(this.db, assetId, rendered.dir, rendered.files);
    }
  }

  async discard(): Promise<void> {
    const outcomes = await Promise.allSettled(this.renders.values());
    for (const o of outcomes)
      if (o.status === 'fulfilled')
        await rm(join(this.mediaDir, o.value.dir), { recursive: true, force: true });
  }
}
