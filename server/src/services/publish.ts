import { creditsOf } from '../domain/usage';
import { toVideo } from '../domain/videoPayload';
import type { VideoRow } from '../repo/videos';
import { getUser } from '../repo/users';
import type { ServerContext } from './context';

/** Pushes changed videos (after their transaction committed) to the owner's live-event subscribers. */
export function publishVideos(ctx: ServerContext, userId: number, rows: readonly VideoRow[]): void {
  if (rows.length === 0 || !ctx.bus.hasListeners(userId)) return;
  const user = getUser(ctx.db, userId);
  if (!user) return;
  for (const row of rows) {
    const asset = row.asset_id === null ? undefined : ctx.assets.get(row.asset_id);
    ctx.bus.publish(userId, { type: 'video', seq: row.change_seq, video: toVideo(row, user.plan, asset) });
  }
}

export function publishDeletions(
  ctx: ServerContext,
  userId: number,
  deleted: readonly { id: number; seq: number }[],
): void {
  for (const d of deleted) ctx.bus.publish(userId, { type: 'video_deleted', seq: d.seq, id: d.id });
}

export function publishCredits(ctx: ServerContext, userId: number): void {
  if (!ctx.bus.hasListeners(userId)) return;
  ctx.bus.publish(userId, { type: 'credits', credits: creditsOf(ctx.db, userId, ctx.now()) });
}
