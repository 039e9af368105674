import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretsStore } from './file-secrets-store';

describe('FileSecretsStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secrets-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps secrets in a file only the user can read', async () => {
    const file = join(dir, 'sub', 'secrets.json');
    const s = new FileSecretsStore(file);
    expect(await s.get('session')).toBeNull();
    await s.set('session', 'token-1');
    await s.set('other', 'x');
    expect(await new FileSecretsStore(file).get('session')).toBe('token-1');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    await s.delete('session');
    expect(await s.get('session')).toBeNull();
    expect(await s.get('other')).toBe('x');
  });

  it('treats a damaged file as empty instead of failing', async () => {
    const file = join(dir, 'secrets.json');
    writeFileSync(file, '{"session": 42');
    const s = new FileSecretsStore(file);
    expect(await s.get('session')).toBeNull();
    await s.set('session', 'fresh');
    expect(await s.get('session')).toBe('fresh');
  });
});
