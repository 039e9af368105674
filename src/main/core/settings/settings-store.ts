import { homedir } from 'node:os';
import { join } from 'node:path';
import { LibraryQuerySchema, type Settings, type SettingsPatch } from '../../../shared/ipc/models';

/**
 * Where the core keeps the user's settings. Electron uses electron-store (the shell's variant); the web
 * host uses FileSettingsStore. Both validate with SettingsSchema and always hold valid settings.
 */
export interface SettingsStore {
  get(): Settings;
  /** Applies an already validated patch, persists it and returns the result. */
  set(patch: SettingsPatch): Settings;
  /** What went wrong when loading (e.g. a corrupt file replaced by defaults), once; null if nothing. */
  takeLoadProblem(): string | null;
}

export function defaultSettings(options: { serverUrl: string; downloadDir?: string }): Settings {
  return {
    serverUrl: options.serverUrl,
    downloadDir: options.downloadDir ?? join(homedir(), 'Downloads', 'AIASMR Video'),
    paginationMode: 'infinite',
    pageSize: 60,
    downloadConcurrency: 2,
    bandwidthLimitKBps: 0,
    mediaCacheMb: 1024,
    theme: 'system',
    viewMode: 'auto',
    density: 'comfortable',
    writeSidecar: false,
    lastQuery: LibraryQuerySchema.parse({}),
  };
}
