import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { TRIGGER_TAGS } from '../../../shared/api/vocabulary';
import { stmt } from '../../../shared/sqlite/statements';

export const OutboxPayloadSchema = z.object({
  /** For edit: the change asked for. */
  patch: z
    .object({ title: z.string().optional(), tags: z.array(z.enum(TRIGGER_TAGS)).optional() })
    .optional(),
  /** For edit: what to restore if the server refuses. */
  before: z.object({ title: z.string(), tags: z.array(z.enum(TRIGGER_TAGS)) }).optional(),
});
export type OutboxPayload = z.infer<typeof OutboxPayloadSchema>;

export interface OutboxEntry {
  id: number;
  kind: 'delete' | 'regenerate' | 'edit';
  videoIds: number[];
  payload: OutboxPayload;
  idempotencyKey: string;
  createdAt: number;
  attempts: number;
}

interface OutboxRow {
  id: number;
  kind: OutboxEntry['kind'];
  video_ids: string;
  payload: string;
  idempotency_key: string;
  created_at: number;
  attempts: number;
}

const IdsJson = z.array(z.number().int().positive());

export function addOutbox(db: Database, entry: Omit<OutboxEntry, 'id' | 'attempts'>): number {
  return Number(
    stmt(
      db,
      'INSERT INTO outbox (kind, video_ids, payload, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(
      entry.kind,
      JSON.stringify(entry.videoIds),
      JSON.stringify(entry.payload),
      entry.idempotencyKey,
      entry.createdAt,
    ).lastInsertRowid,
  );
}

export function listOutbox(db: Database): OutboxEntry[] {
  return (stmt(db, 'SELECT * FROM outbox ORDER BY id').all() as OutboxRow[]).map((r) => ({
    id: r.id,
    kind: r.kind,
    videoIds: IdsJson.parse(JSON.parse(r.video_ids)),
    payload: OutboxPayloadSchema.parse(JSON.parse(r.payload)),
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
    attempts: r.attempts,
  }));
}

export function outboxSize(db: Database): number {
  return (stmt(db, 'SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
}

export function removeOutbox(db: Database, id: number): void {
  stmt(db, 'DELETE FROM outbox WHERE id = ?').run(id);
}

export function noteOutboxAttempt(db: Database, id: number, error: string | null): void {
  stmt(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error, id);
}
