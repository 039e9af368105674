import type { Database } from 'better-sqlite3';
import { expect } from 'vitest';
import { FAILURE_CODES, TRIGGER_TAGS } from '../../../src/shared/api/vocabulary';
import { generationCost } from '../../src/domain/cost';
import { renderKeyFor } from '../../src/media/render';

interface VideoRow {
  id: number;
  user_id: number;
  title: string;
  prompt: string;
  triggers: string;
  tag_mask: number;
  settings: string;
  status: string;
  failure_code: string | null;
  failure_message: string | null;
  credit_cost: number;
  created_at: number;
  updated_at: number;
  asset_id: number | null;
  regenerated_from: number | null;
  change_seq: number;
}

/** Checks every rule a seeded database must satisfy; shared by the seed, CLI and demo tests. */
export function expectConsistentLibraries(db: Database, now: number): void {
  const videos = db.prepare('SELECT * FROM videos ORDER BY id').all() as VideoRow[];
  const byId = new Map(videos.map((v) => [v.id, v]));
  const yearAgo = now - 366 * 86_400_000;
  const readyAssets = new Set(
    (db.prepare("SELECT id FROM assets WHERE status = 'ready'").all() as { id: number }[]).map((r) => r.id),
  );
  const jobs = new Map(
    (
      db.prepare('SELECT video_id, render_key, state FROM jobs').all() as {
        video_id: number;
        render_key: string;
        state: string;
      }[]
    ).map((j) => [j.video_id, j]),
  );

  for (const v of videos) {
    const triggers = JSON.parse(v.triggers) as string[];
    expect(triggers.length).toBeGreaterThanOrEqual(1);
    expect(triggers.length).toBeLessThanOrEqual(3);
    const mask = triggers.reduce(
      (m, t) => m | (1 << TRIGGER_TAGS.indexOf(t as (typeof TRIGGER_TAGS)[number])),
      0,
    );
    expect(triggers.every((t) => (TRIGGER_TAGS as readonly string[]).includes(t))).toBe(true);
    expect(v.tag_mask).toBe(mask);
    const settings = JSON.parse(v.settings) as {
      model_version: string;
      duration_s: number;
      aspect_ratio: '16:9' | '9:16' | '1:1';
      seed: number;
    };
    expect(Object.keys(settings).sort()).toEqual(['aspect_ratio', 'duration_s', 'model_version', 'seed']);
    expect(v.credit_cost).toBe(generationCost(settings));
    expect(v.created_at).toBeGreaterThan(yearAgo);
    expect(v.created_at).toBeLessThan(now);
    expect(v.updated_at).toBeGreaterThanOrEqual(v.created_at);
    expect(v.title.length).toBeGreaterThan(5);
    expect(v.prompt.length).toBeGreaterThan(20);
    if (v.status === 'ready') {
      expect(v.asset_id !== null && readyAssets.has(v.asset_id)).toBe(true);
      expect(v.failure_code).toBeNull();
    } else if (v.status === 'failed') {
      expect(FAILURE_CODES).toContain(v.failure_code);
      expect(v.failure_message?.length).toBeGreaterThan(10);
      expect(v.asset_id).toBeNull();
    } else {
      expect(v.status).toBe('processing');
      const job = jobs.get(v.id);
      expect(job?.state).toBe('queued');
      expect(job?.render_key).toBe(
        renderKeyFor({
          triggers: triggers as (typeof TRIGGER_TAGS)[number][],
          aspectRatio: settings.aspect_ratio,
          durationS: settings.duration_s,
          seed: settings.seed,
        }),
      );
    }
    if (v.regenerated_from !== null) {
      const source = byId.get(v.regenerated_from);
      expect(source?.user_id).toBe(v.user_id);
      expect(source && source.id < v.id).toBe(true);
      expect(source?.prompt).toBe(v.prompt);
      expect(source?.settings).toBe(v.settings);
      expect(source?.triggers).toBe(v.triggers);
    }
  }
  expect(jobs.size).toBe(videos.filter((v) => v.status === 'processing').length);

  const seqs = new Set(videos.map((v) => v.change_seq));
  expect(seqs.size).toBe(videos.length);
  const counter = db.prepare("SELECT value FROM counters WHERE name = 'change_seq'").get() as {
    value: number;
  };
  expect(counter.value).toBe(Math.max(0, ...seqs));

  const users = db.prepare('SELECT id, credits_balance, created_at FROM users').all() as {
    id: number;
    credits_balance: number;
    created_at: number;
  }[];
  const ledgerOf = db.prepare(
    'SELECT kind, delta, balance_after, video_id FROM credit_ledger WHERE user_id = ? ORDER BY id',
  );
  for (const u of users) {
    expect(u.created_at).toBeGreaterThan(yearAgo);
    const rows = ledgerOf.all(u.id) as {
      kind: string;
      delta: number;
      balance_after: number;
      video_id: number | null;
    }[];
    let running = 0;
    for (const r of rows) {
      running += r.delta;
      expect(r.balance_after).toBe(running);
      expect(running).toBeGreaterThanOrEqual(0);
    }
    expect(running).toBe(u.credits_balance);
    const own = videos.filter((v) => v.user_id === u.id);
    const debits = rows.filter((r) => r.kind === 'generation' || r.kind === 'regeneration');
    expect(debits.length).toBe(own.length);
    expect(rows.filter((r) => r.kind === 'regeneration').length).toBe(
      own.filter((v) => v.regenerated_from !== null).length,
    );
    expect(rows.filter((r) => r.kind === 'refund').map((r) => r.video_id)).toEqual(
      own.filter((v) => v.status === 'failed').map((v) => v.id),
    );
    const counters = Object.fromEntries(
      (
        db.prepare('SELECT name, value FROM user_counters WHERE user_id = ?').all(u.id) as {
          name: string;
          value: number;
        }[]
      ).map((c) => [c.name, c.value]),
    );
    const regenerations = own.filter((v) => v.regenerated_from !== null).length;
    expect(counters).toEqual({
      created: own.length,
      generations: own.length - regenerations,
      regenerations,
      deletes: 0,
    });
  }
}
