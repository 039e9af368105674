import type { DownloadItem, DownloadState } from '../../../../shared/ipc/downloads';
import type { Quality } from '../../../../shared/api/vocabulary';
import { formatBytes } from '../../lib/format';

export const QUALITY_LABELS: Record<Quality, string> = { sd: 'SD', hd: 'HD', '4k': '4K' };

export const STATE_LABELS: Record<DownloadState, string> = {
  queued: 'Queued',
  active: 'Downloading',
  paused: 'Paused',
  failed: 'Failed',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

/** "45 s left", "3 min left", "1 h 5 min left". */
export function formatTimeLeft(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s left`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h left` : `${hours} h ${rest} min left`;
}

/** Whole percent done, or null when the size is not known yet. */
export function percentDone(item: Pick<DownloadItem, 'bytesDone' | 'bytesTotal'>): number | null {
  if (item.bytesTotal <= 0) return null;
  return Math.min(100, Math.floor((item.bytesDone / item.bytesTotal) * 100));
}

/** "12.0 MB of 48.0 MB" (or just the bytes so far when the size is not known). */
export function formatBytesProgress(item: Pick<DownloadItem, 'bytesDone' | 'bytesTotal'>): string {
  return item.bytesTotal > 0
    ? `${formatBytes(item.bytesDone)} of ${formatBytes(item.bytesTotal)}`
    : formatBytes(item.bytesDone);
}
