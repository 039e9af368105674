import { renameSync } from 'node:fs';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../shared/ipc/models';
import type { SettingsStore } from '../core/settings/settings-store';

// The Electron host's settings: electron-store (a JSON file in userData, written atomically) holding
// { schemaVersion, settings }. Loading runs the ordered migrations below, then validates field by
// field with the shared SettingsSchema: an invalid field falls back to its default (the valid ones are
// kept) and the user is told once. A file written by a newer version of the app is never rewritten:
// the app runs on what it understands and keeps changes in memory only.

/** The slice of electron-store (and of conf, which it extends) that this adapter uses. */
export interface KeyValueStoreLike {
  readonly path: string;
  /** Reading gives the whole file; assigning replaces it (atomically written by conf). */
  store: Record<string, unknown>;
}

export const SETTINGS_SCHEMA_VERSION = 1;

type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

const SETTINGS_KEYS = Object.keys(SettingsSchema.shape);

/**
 * migrations[n] turns version n into version n + 1. Version 0 is any unversioned file: the 0.0.x
 * previews kept the settings as flat top-level keys, which version 1 nests under `settings`.
 */
export const SETTINGS_MIGRATIONS: readonly Migration[] = [
  (data) => {
    const flat = Object.fromEntries(Object.entries(data).filter(([key]) => SETTINGS_KEYS.includes(key)));
    const nested = isRecord(data.settings) ? data.settings : {};
    return { settings: { ...flat, ...nested } };
  },
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface MigratedSettings {
  settings: Settings;
  /** Fields that were invalid and reset to their defaults. */
  resetFields: string[];
  /** The file came from a newer app: it must not be written. */
  readOnly: boolean;
  fromVersion: number;
}

/** Pure: runs the migrations and the per-field validation over whatever the file held. */
export function migrateSettings(raw: Record<string, unknown>, defaults: Settings): MigratedSettings {
  const declared = raw.schemaVersion;
  const fromVersion =
    typeof declared === 'number' && Number.isInteger(declared) && declared >= 0 ? declared : 0;
  const readOnly = fromVersion > SETTINGS_SCHEMA_VERSION;
  let data: Record<string, unknown> = { ...raw };
  for (let v = fromVersion; v < SETTINGS_SCHEMA_VERSION; v += 1) {
    const migration = SETTINGS_MIGRATIONS[v];
    if (migration !== undefined) data = migration(data);
  }
  const stored = isRecord(data.settings) ? data.settings : {};
  const candidate: Record<string, unknown> = { ...defaults };
  const resetFields: string[] = [];
  for (const [key, field] of Object.entries(SettingsSchema.shape)) {
    if (!(key in stored)) continue;
    const parsed = field.safeParse(stored[key]);
    if (parsed.success) candidate[key] = parsed.data;
    else resetFields.push(key);
  }
  return { settings: SettingsSchema.parse(candidate), resetFields, readOnly, fromVersion };
}

export interface ElectronSettingsOptions {
  /** Opens the store (new ElectronStore({ name: 'settings' }) in the app; a conf instance in tests). */
  open(): KeyValueStoreLike;
  /** The store's file, to keep a damaged one aside before starting over. */
  file: string;
  defaults: Settings;
  now?: () => number;
  log(message: string): void;
}

export class ElectronSettingsStore implements SettingsStore {
  private readonly store: KeyValueStoreLike;
  private current: Settings;
  private readonly readOnly: boolean;
  private problem: string | null = null;

  constructor(options: ElectronSettingsOptions) {
    let store: KeyValueStoreLike;
    try {
      store = options.open();
    } catch (error) {
      // electron-store refuses a file that is not valid JSON: keep it aside and start from defaults.
      const aside = `${options.file}.corrupt-${(options.now ?? Date.now)()}`;
      renameSync(options.file, aside);
      options.log(`Settings file unreadable (${String(error)}); kept as ${aside}`);
      this.problem = `Your settings could not be read and were reset to the defaults (the old file was kept as ${aside}).`;
      store = options.open();
    }
    this.store = store;
    const migrated = migrateSettings(store.store, options.defaults);
    this.current = migrated.settings;
    this.readOnly = migrated.readOnly;
    if (migrated.readOnly) {
      this.problem =
        'Your settings were saved by a newer version of AIASMR Video: changes made now will not be saved.';
      options.log(
        `Settings schema ${migrated.fromVersion} is newer than ${SETTINGS_SCHEMA_VERSION}: read-only`,
      );
      return;
    }
    if (migrated.resetFields.length > 0) {
      this.problem ??= `Some settings were invalid and were reset to their defaults: ${migrated.resetFields.join(', ')}.`;
      options.log(`Reset invalid settings: ${migrated.resetFields.join(', ')}`);
    }
    if (migrated.fromVersion !== SETTINGS_SCHEMA_VERSION || migrated.resetFields.length > 0) {
      options.log(`Settings migrated from schema ${migrated.fromVersion} to ${SETTINGS_SCHEMA_VERSION}`);
    }
    this.write(this.current);
  }

  get(): Settings {
    return this.current;
  }

  set(patch: SettingsPatch): Settings {
    const next = SettingsSchema.parse({ ...this.current, ...patch });
    if (!this.readOnly) this.write(next);
    this.current = next;
    return next;
  }

  takeLoadProblem(): string | null {
    const problem = this.problem;
    this.problem = null;
    return problem;
  }

  private write(settings: Settings): void {
    // Replaced as a whole so that keys of older layouts do not linger.
    this.store.store = { schemaVersion: SETTINGS_SCHEMA_VERSION, settings };
  }
}
