import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { openServerDb } from '../../../../server/src/db/open';
import { startServer } from '../../../../server/src/index';
import { seedDatabase, type SeededUser } from '../../../../server/src/seed/seed';

export interface TestServer {
  url: string;
  dataDir: string;
  users: SeededUser[];
  close(): Promise<void>;
  /** Stops the server and starts it again on the same port and data (for "server came back"). */
  restart(): Promise<void>;
  stopOnly(): Promise<void>;
  /** Direct access to the server's database, for arranging and checking server-side state. */
  withDb<T>(fn: (db: Db) => T): T;
}

const quiet = new Writable({ write: (_c, _e, done) => done() });

/** The real reference server on a random loopback port, seeded with `users` × `videos`, in a temp folder. */
export async function startTestServer(
  opts: { users?: number; videos?: number; rngSeed?: number; sessionTtlMs?: number } = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'core-server-'));
  const db = openServerDb(join(dataDir, 'server.db'));
  let users: SeededUser[];
  try {
    const report = await seedDatabase(db, dataDir, {
      users: opts.users ?? 2,
      videosPerUser: opts.videos ?? 40,
      pool: 1,
      renderSeconds: 1,
      rngSeed: opts.rngSeed ?? 7,
    });
    users = report.users;
  } finally {
    db.close();
  }
  const start = (port: number) =>
    startServer({
      port,
      dataDir,
      genSeconds: 0.3,
      failRate: 0,
      renderMaxSeconds: 1,
      logStream: quiet,
      logLevel: 'error',
      heartbeatMs: 1000,
      sessionTtlMs: opts.sessionTtlMs,
    });
  let server = await start(0);
  const port = server.port;
  let running = true;
  return {
    url: server.url,
    dataDir,
    users,
    withDb: (fn) => {
      const db = new Database(join(dataDir, 'server.db'));
      db.pragma('busy_timeout = 5000');
      try {
        return fn(db);
      } finally {
        db.close();
      }
    },
    stopOnly: async () => {
      if (running) await server.close();
      running = false;
    },
    restart: async () => {
      if (running) await server.close();
      server = await start(port);
      running = true;
    },
    close: async () => {
      if (running) await server.close();
      running = false;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
