import Database from 'better-sqlite3';
import { migrate } from '../../../../shared/sqlite/migrate';
import { CACHE_MIGRATIONS } from '../../cache/migrations';
import { DownloadQueue } from '../queue';

// A separate process running the real queue, so a test can SIGKILL it mid-download and check that the
// next process resumes from the bytes on disk.
// Args: dbPath url bytes sha256 destDir [bandwidthKBps] [authorization header]

const [dbPath, url, bytes, sha256, destDir, kbps, authorization] = process.argv.slice(2);
if (!dbPath || !url || !bytes || !sha256 || !destDir)
  throw new Error('usage: queueChild db url bytes sha256 dir');
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
migrate(db, CACHE_MIGRATIONS);
const queue = new DownloadQueue({
  db,
  settings: () => ({
    downloadDir: destDir,
    downloadConcurrency: 3,
    bandwidthLimitKBps: Number(kbps ?? '0'),
    writeSidecar: false,
  }),
  source: {
    describe: (videoId, quality) =>
      Promise.resolve({
        videoId,
        quality,
        title: 'Killed midway',
        url,
        bytes: Number(bytes),
        sha256,
        allowed: true,
        sidecar: null,
      }),
    headers: (): Record<string, string> => (authorization ? { authorization } : {}),
  },
  onItems: (items) => {
    for (const i of items) process.stdout.write(`${JSON.stringify({ state: i.state, done: i.bytesDone })}\n`);
  },
});
await queue.restore();
await queue.start([1], 'hd');
