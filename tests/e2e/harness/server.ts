import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openServerDb } from '../../../server/src/db/open';
import { startServer } from '../../../server/src/index';
import { seedDatabase, type SeededUser } from '../../../server/src/seed/seed';

export interface E2eServer {
  url: string;
  users: SeededUser[];
  dataDir: string;
  /** Stops answering (the app goes offline); `start` brings it back on the same port and data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const quiet = new Writable({ write: (_c, _e, done) => done() });

/** The real reference server, seeded, on a random loopback port, in a temp folder. */
export async function startE2eServer(opts: {
  users?: number;
  videos: number;
  genSeconds?: number;
  /** Rendered media shared by the seeded videos: 3 or more gives each shape (16:9, 9:16, 1:1) its own. */
  pool?: number;
}): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-server-'));
  const db = openServerDb(join(dataDir, 'server.db'));
  let users: SeededUser[];
  try {
    const report = await seedDatabase(db, dataDir, {
      users: opts.users ?? 3,
      videosPerUser: opts.videos,
      pool: opts.pool ?? 1,
      renderSeconds: 2,
      rngSeed: 11,
    });
    users = report.users;
  } finally {
    db.close();
  }
  const launch = (port: number) =>
    startServer({
      port,
      dataDir,
      genSeconds: opts.genSeconds ?? 3,
      failRate: 0,
      renderMaxSeconds: 2,
      logStream: quiet,
      logLevel: 'error',
      heartbeatMs: 1000,
    });
  let server = await launch(0);
  const port = server.port;
  let running = true;
  return {
    url: server.url,
    users,
    dataDir,
    stop: async () => {
      if (running) await server.close();
      running = false;
    },
    start: async () => {
      if (!running) server = await launch(port);
      running = true;
    },
    close: async () => {
      if (running) await server.close();
      running = false;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
