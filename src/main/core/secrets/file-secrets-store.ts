import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SecretsStore } from './secrets-store';

const FileSchema = z.record(z.string(), z.string());

/**
 * Secrets in one JSON file with mode 0600 (owner read/write only), written atomically. An unreadable or
 * damaged file counts as empty: the user signs in again, nothing else is lost.
 */
export class FileSecretsStore implements SecretsStore {
  constructor(private readonly file: string) {}

  async get(key: string): Promise<string | null> {
    return (await this.readAll())[key] ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    const all = await this.readAll();
    all[key] = value;
    await this.writeAll(all);
  }

  async delete(key: string): Promise<void> {
    const all = await this.readAll();
    if (!(key in all)) return;
    await this.writeAll(Object.fromEntries(Object.entries(all).filter(([k]) => k !== key)));
  }

  private async readAll(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = FileSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  private async writeAll(all: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(all), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }
}
