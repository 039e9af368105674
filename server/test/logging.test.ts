import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../src/db/open';
import { buildApp } from '../src/http/app';
import { call, createUser, tempDir } from './helpers/fixture';

const dir = tempDir();
afterAll(() => dir.remove());

describe('structured logs', () => {
  it('are JSON lines and never carry passwords, tokens or Authorization headers', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(
          ...chunk
            .toString()
            .split('\n')
            .filter((l) => l !== ''),
        );
        done();
      },
    });
    const db = openServerDb(join(dir.path, 'server.db'));
    const { app } = await buildApp({
      db,
      mediaDir: join(dir.path, 'media'),
      logLevel: 'trace',
      logStream: sink,
      bodyLimit: 1024 * 1024,
      login: { max: 10, windowMs: 60_000, sessionTtlMs: 60_000 },
      heartbeatMs: 1000,
      sessionCheckMs: 250,
      sseClients: new Set(),
      wakeWorker: () => undefined,
      activeJobs: () => 0,
    });
    try {
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      const user = await createUser(db);
      const login = await call<{ token: string }>(url, '/api/auth/login', {
        method: 'POST',
        json: { email: user.email, password: user.password },
      });
      await call(url, '/api/user/credits', { token: login.body.token });
      // Whatever a handler might log by mistake is censored too.
      app.log.info(
        {
          req: { headers: { authorization: `Bearer ${login.body.token}` } },
          password: user.password,
          token: login.body.token,
        },
        'probe',
      );
      app.log.info({ body: { email: user.email, password: user.password } }, 'probe body');

      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      const all = lines.join('\n');
      expect(all).not.toContain(user.password);
      expect(all).not.toContain(login.body.token);
      expect(all).toContain('[redacted]');
      expect(all).toContain('"url":"/api/user/credits"');
    } finally {
      await app.close();
      db.close();
    }
  });
});
