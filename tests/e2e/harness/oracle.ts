import type { SeededUser } from '../../../server/src/seed/seed';

// The reference server's own answers, read over its HTTP API: what the page shows is compared with
// these, not with the core the page talks to.

export interface ServerQuery {
  sort?: 'date' | 'cost' | 'title';
  order?: 'default' | 'reversed';
  filter_status?: 'processing' | 'ready' | 'failed';
  filter_tag?: string[];
  tag_match?: 'any' | 'all';
}

const tokens = new Map<string, string>();

/** One login per user and server: the server rate-limits logins. */
async function login(baseUrl: string, user: SeededUser): Promise<string> {
  const key = `${baseUrl}|${user.email}`;
  const cached = tokens.get(key);
  if (cached) return cached;
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  const body: unknown = await res.json();
  if (typeof body !== 'object' || body === null || !('token' in body) || typeof body.token !== 'string')
    throw new Error('login answer has no token');
  tokens.set(key, body.token);
  return body.token;
}

export async function serverVideos(
  baseUrl: string,
  user: SeededUser,
  query: ServerQuery = {},
  limit = 200,
): Promise<{ total: number; items: { id: number; title: string; status: string; credit_cost: number }[] }> {
  const token = await login(baseUrl, user);
  const params = new URLSearchParams({ limit: String(limit) });
  for (const [k, v] of Object.entries(query))
    if (v !== undefined) params.set(k, Array.isArray(v) ? v.join(',') : v);
  const res = await fetch(`${baseUrl}/api/user/videos?${params}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`list failed: ${res.status}`);
  return (await res.json()) as {
    total: number;
    items: { id: number; title: string; status: string; credit_cost: number }[];
  };
}

export async function serverIds(
  baseUrl: string,
  user: SeededUser,
  query: ServerQuery = {},
): Promise<number[]> {
  return (await serverVideos(baseUrl, user, query)).items.map((v) => v.id);
}
