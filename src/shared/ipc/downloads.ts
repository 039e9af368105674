import { z } from 'zod';
import { QUALITIES, type Quality } from '../api/vocabulary';

// The downloads part of the IPC contract: what the renderer sees of the queue in the core, and the
// requests it may send. Kept in its own file so contract.ts only gains a few lines.

export const DOWNLOAD_STATES = ['queued', 'active', 'paused', 'failed', 'completed', 'cancelled'] as const;
export type DownloadState = (typeof DOWNLOAD_STATES)[number];

export interface DownloadItem {
  id: number;
  videoId: number;
  quality: Quality;
  title: string;
  fileName: string;
  /** The verified file, once completed. */
  path: string | null;
  state: DownloadState;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last seconds, while active. */
  speedBps: number | null;
  /** Seconds left at the current speed, while active. */
  etaSeconds: number | null;
  /**
   * Why it failed (state 'failed'), or why the app paused it (state 'paused', code 'signed_out': the
   * session ended mid-download; the next sign-in resumes it). `code` is one of the downloader's codes.
   */
  error: { code: string; message: string } | null;
  /** ISO 8601. */
  createdAt: string;
  completedAt: string | null;
}

export const DownloadIdSchema = z.object({ id: z.number().int().positive() });

export const downloadRequests = {
  'downloads:start': z.object({
    videoIds: z.array(z.number().int().positive()).min(1).max(10_000),
    quality: z.enum(QUALITIES),
  }),
  'downloads:pause': DownloadIdSchema,
  'downloads:resume': DownloadIdSchema,
  'downloads:cancel': DownloadIdSchema,
  'downloads:retry': DownloadIdSchema,
  /** Takes a completed or cancelled download off the list; a completed file stays on disk and on record. */
  'downloads:remove': DownloadIdSchema,
  /** Takes every completed and cancelled download off the list (files stay, as for remove). */
  'downloads:clearFinished': z.object({}).strict(),
  'downloads:list': z.object({}).strict(),
  /** Checks that downloaded files are still on disk (at start, and when the window regains focus). */
  'downloads:checkFiles': z.object({}).strict(),
  /** Host hooks: show the file in the OS file manager / open it with its default app. */
  'downloads:reveal': DownloadIdSchema,
  'downloads:open': DownloadIdSchema,
  /**
   * Drag-out into an editor, Finder or Explorer: the host starts an OS drag with the verified local
   * file of each video (its best downloaded quality). Sent from the card's dragstart.
   */
  'downloads:startDrag': z.object({ videoIds: z.array(z.number().int().positive()).min(1).max(500) }),
} as const satisfies Record<string, z.ZodType>;

export interface DownloadStartOutcome {
  started: DownloadItem[];
  failed: { videoId: number; code: string; message: string }[];
}

export interface DownloadResponses {
  'downloads:start': DownloadStartOutcome;
  'downloads:pause': DownloadItem;
  'downloads:resume': DownloadItem;
  'downloads:cancel': DownloadItem;
  'downloads:retry': DownloadItem;
  'downloads:remove': { removed: number[] };
  'downloads:clearFinished': { removed: number[] };
  'downloads:list': DownloadItem[];
  /** Videos whose local files went missing or came back. */
  'downloads:checkFiles': { changed: number[] };
  'downloads:reveal': { done: boolean };
  'downloads:open': { done: boolean };
  /**
   * `dragged`: the files handed to the OS drag (empty when none). `missing`: videos with no verified
   * file on disk, which the page offers to download first. A host without OS drag (the web host)
   * answers with the error `not_supported`.
   */
  'downloads:startDrag': { dragged: string[]; missing: number[] };
}

/** Event pushed to the renderer: items whose state or progress changed (progress at most ~4×/s). */
export interface DownloadProgressEvent {
  items: DownloadItem[];
  /** Downloads taken off the list (remove, clear finished). */
  removed?: number[];
}
