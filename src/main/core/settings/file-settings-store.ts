import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/ipc/models';
import type { SettingsStore } from './settings-store';

/**
 * Settings in a JSON file. A missing file means defaults; a corrupt or invalid one is kept aside as
 * `<file>.corrupt-<time>`, replaced by the defaults, and reported once through takeLoadProblem().
 */
export class FileSettingsStore implements SettingsStore {
  private current: Settings;
  private problem: string | null = null;

  constructor(
    private readonly file: string,
    defaults: Settings,
    now = Date.now(),
  ) {
    this.current = defaults;
    let text: string | null = null;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = null;
    }
    if (text === null) return;
    let json: unknown = undefined;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    // Fields missing from an older file take their defaults; anything invalid rejects the file.
    const parsed = SettingsSchema.safeParse(
      typeof json === 'object' && json !== null && !Array.isArray(json) ? { ...defaults, ...json } : json,
    );
    if (parsed.success) {
      this.current = parsed.data;
      return;
    }
    const aside = `${file}.corrupt-${now}`;
    try {
      renameSync(file, aside);
    } catch {
      // Keeping a copy is a courtesy; the defaults below are written either way.
    }
    this.problem = `Your settings file could not be read and was reset to the defaults (the old file was kept as ${aside}).`;
    this.write(defaults);
  }

  get(): Settings {
    return this.current;
  }

  set(patch: SettingsPatch): Settings {
    const next = SettingsSchema.parse({ ...this.current, ...patch });
    this.write(next);
    this.current = next;
    return next;
  }

  takeLoadProblem(): string | null {
    const p = this.problem;
    this.problem = null;
    return p;
  }

  private write(settings: Settings): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(settings, null, 2));
    renameSync(tmp, this.file);
  }
}
