import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SecretsStore } from '../core/secrets/secrets-store';

// The session token, encrypted with the operating system's keychain through Electron's safeStorage
// (Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux) and kept as base64 ciphertext in a
// 0600 JSON file. Clear text never reaches the disk: where the system offers no real encryption (or
// Linux falls back to its hard-coded "basic_text" key), the secret is kept in memory for this session
// only and the user is told once that they will have to sign in again next time.

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?(): string;
}

const FileSchema = z.record(z.string(), z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/));

export const INSECURE_STORAGE_MESSAGE =
  'This system offers no secure storage for your sign-in (no keychain or keyring available), so it is kept only until you quit: you will need to sign in again next time.';

export interface SafeSecretsOptions {
  file: string;
  platform: NodeJS.Platform;
  log(message: string): void;
  /** Told once when a secret cannot be stored encrypted and is kept in memory instead. */
  onInsecure(message: string): void;
}

export class SafeStorageSecretsStore implements SecretsStore {
  private readonly memory = new Map<string, string>();
  private warned = false;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly options: SafeSecretsOptions,
  ) {}

  /** Whether secrets can be encrypted at rest here (and if not, why). */
  encryption(): { available: true } | { available: false; reason: string } {
    if (!this.safeStorage.isEncryptionAvailable())
      return { available: false, reason: 'encryption unavailable' };
    if (this.options.platform === 'linux') {
      const backend = this.safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
      if (backend === 'basic_text' || backend === 'unknown') {
        return { available: false, reason: `Linux secret storage backend is "${backend}"` };
      }
    }
    return { available: true };
  }

  async get(key: string): Promise<string | null> {
    const inMemory = this.memory.get(key);
    if (inMemory !== undefined) return inMemory;
    const stored = (await this.readAll())[key];
    if (stored === undefined) return null;
    if (!this.encryption().available) return null;
    try {
      return this.safeStorage.decryptString(Buffer.from(stored, 'base64'));
    } catch (error) {
      // The keychain entry changed (new OS user profile, reinstalled keyring): sign in again.
      this.options.log(`Could not decrypt the stored secret "${key}": ${String(error)}; it was removed`);
      await this.delete(key);
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    const encryption = this.encryption();
    if (!encryption.available) {
      this.memory.set(key, value);
      await this.removeFromDisk(key);
      this.options.log(`Not storing the secret "${key}" on disk: ${encryption.reason}`);
      if (!this.warned) {
        this.warned = true;
        this.options.onInsecure(INSECURE_STORAGE_MESSAGE);
      }
      return;
    }
    const all = await this.readAll();
    all[key] = this.safeStorage.encryptString(value).toString('base64');
    await this.writeAll(all);
    this.memory.delete(key);
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    await this.removeFromDisk(key);
  }

  private async removeFromDisk(key: string): Promise<void> {
    const all = await this.readAll();
    if (!(key in all)) return;
    await this.writeAll(Object.fromEntries(Object.entries(all).filter(([k]) => k !== key)));
  }

  private async readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.options.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = FileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
    } catch {
      // Reported below.
    }
    this.options.log(`Ignored a damaged secrets file ${this.options.file}`);
    return {};
  }

  private async writeAll(all: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.options.file), { recursive: true });
    const temp = `${this.options.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(all), { mode: 0o600 });
    await chmod(temp, 0o600);
    await rename(temp, this.options.file);
  }
}
