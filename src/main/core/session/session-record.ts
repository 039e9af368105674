import { z } from 'zod';
import { IsoDateSchema, UserSchema } from '../../../shared/api/schemas';
import type { SecretsStore } from '../secrets/secrets-store';

export const SESSION_SECRET_KEY = 'session';

const SessionRecordSchema = z.object({
  serverUrl: z.string(),
  token: z.string().min(1),
  expiresAt: IsoDateSchema,
  user: UserSchema,
});
export type SessionRecord = z.infer<typeof SessionRecordSchema>;

/** The stored session, or null if none or unreadable (the user signs in again; nothing else is lost). */
export async function readSession(secrets: SecretsStore): Promise<SessionRecord | null> {
  const raw = await secrets.get(SESSION_SECRET_KEY);
  if (raw === null) return null;
  try {
    const parsed = SessionRecordSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeSession(secrets: SecretsStore, record: SessionRecord): Promise<void> {
  return secrets.set(SESSION_SECRET_KEY, JSON.stringify(record));
}

export function clearSession(secrets: SecretsStore): Promise<void> {
  return secrets.delete(SESSION_SECRET_KEY);
}
