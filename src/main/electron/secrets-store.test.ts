import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INSECURE_STORAGE_MESSAGE, SafeStorageSecretsStore, type SafeStorageLike } from './secrets-store';

// A faked safeStorage that really encrypts (AES-256-GCM with a per-"keychain" key), so the test can
// prove that what reaches the disk is ciphertext and that another keychain cannot read it.
class FakeSafeStorage implements SafeStorageLike {
  constructor(
    public available = true,
    public backend = 'gnome_libsecret',
    private readonly key = randomBytes(32),
  ) {}
  isEncryptionAvailable() {
    return this.available;
  }
  getSelectedStorageBackend() {
    return this.backend;
  }
  encryptString(plain: string) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
  }
  decryptString(data: Buffer) {
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(3, 15));
    decipher.setAuthTag(data.subarray(15, 31));
    return Buffer.concat([decipher.update(data.subarray(31)), decipher.final()]).toString('utf8');
  }
}

const TOKEN = 'tok_5f1c2d9e8a7b6c5d4e3f2a1b0c9d8e7f';
const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-secrets-'));
  dirs.push(dir);
  return join(dir, 'nested', 'secrets.json');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function store(safe: SafeStorageLike, file: string, platform: NodeJS.Platform = 'linux') {
  const logs: string[] = [];
  const warnings: string[] = [];
  const s = new SafeStorageSecretsStore(safe, {
    file,
    platform,
    log: (m) => logs.push(m),
    onInsecure: (m) => warnings.push(m),
  });
  return { s, logs, warnings };
}

describe('safeStorage secrets store', () => {
  it('stores the token encrypted: the bytes on disk contain neither the token nor its base64', async () => {
    const file = tempFile();
    const safe = new FakeSafeStorage();
    await store(safe, file).s.set('session.token', TOKEN);
    const bytes = readFileSync(file);
    expect(bytes.includes(TOKEN)).toBe(false);
    expect(bytes.includes(Buffer.from(TOKEN).toString('base64'))).toBe(false);
    expect(bytes.includes(Buffer.from(TOKEN).toString('hex'))).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A fresh store (next launch) with the same keychain reads it back.
    expect(await store(safe, file).s.get('session.token')).toBe(TOKEN);
  });

  it('deletes the token (sign-out) and returns null for unknown keys', async () => {
    const file = tempFile();
    const { s } = store(new FakeSafeStorage(), file);
    await s.set('session.token', TOKEN);
    await s.set('other', 'x');
    await s.delete('session.token');
    expect(await s.get('session.token')).toBeNull();
    expect(await s.get('other')).toBe('x');
    expect(readFileSync(file, 'utf8')).not.toContain('session.token');
  });

  it('refuses to write to disk without encryption, keeps the token for this session and says so once', async () => {
    const file = tempFile();
    const { s, warnings, logs } = store(new FakeSafeStorage(false), file, 'win32');
    await s.set('session.token', TOKEN);
    await s.set('session.token', TOKEN);
    expect(await s.get('session.token')).toBe(TOKEN);
    expect(() => statSync(file)).toThrow();
    expect(warnings).toEqual([INSECURE_STORAGE_MESSAGE]);
    expect(logs[0]).toContain('Not storing the secret "session.token" on disk: encryption unavailable');
  });

  it("treats Linux's basic_text backend (a hard-coded key) as no encryption", async () => {
    const file = tempFile();
    const { s, warnings } = store(new FakeSafeStorage(true, 'basic_text'), file, 'linux');
    await s.set('session.token', TOKEN);
    expect(() => statSync(file)).toThrow();
    expect(warnings).toHaveLength(1);
    expect(s.encryption()).toEqual({
      available: false,
      reason: 'Linux secret storage backend is "basic_text"',
    });
  });

  it('removes a token another keychain encrypted (it cannot be decrypted) and asks for sign-in again', async () => {
    const file = tempFile();
    await store(new FakeSafeStorage(), file).s.set('session.token', TOKEN);
    const { s, logs } = store(new FakeSafeStorage(), file);
    expect(await s.get('session.token')).toBeNull();
    expect(logs[0]).toContain('Could not decrypt');
    expect(readFileSync(file, 'utf8')).toBe('{}');
  });

  it('treats a damaged file as empty, reports it, and overwrites it on the next sign-in', async () => {
    const file = tempFile();
    const safe = new FakeSafeStorage();
    await store(safe, file).s.set('a', 'b');
    writeFileSync(file, '{"session.token": "not base64!!"}');
    const { s, logs } = store(safe, file);
    expect(await s.get('session.token')).toBeNull();
    expect(logs[0]).toContain('damaged secrets file');
    await s.set('session.token', TOKEN);
    expect(await s.get('session.token')).toBe(TOKEN);
  });
});
