import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServer } from './server';

/** Another client of the same server (a browser tab, a phone): changes the server behind the core's back. */
export async function directLogin(server: TestServer, email: string, password: string): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  const body = (await res.json()) as { token: string };
  return body.token;
}

export async function direct(
  server: TestServer,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The token the core stored (web host's secrets file). */
export function storedToken(dataDir: string): string {
  const all = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { session: string };
  return (JSON.parse(all.session) as { token: string }).token;
}

export function serverVideoIds(server: TestServer, email: string): number[] {
  return server
    .withDb(
      (db) =>
        db
          .prepare(
            'SELECT v.id FROM videos v JOIN users u ON u.id = v.user_id WHERE u.email = ? ORDER BY v.id',
          )
          .all(email) as { id: number }[],
    )
    .map((r) => r.id);
}
