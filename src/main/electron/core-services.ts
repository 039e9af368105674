import type { SecretsStore } from '../core/secrets/secrets-store';
import type { SettingsStore } from '../core/settings/settings-store';
import type { DownloadHostHooks } from '../core/downloads/service';
import type { HostHook, HostServices } from '../core/worker/protocol';

// What the core's worker may ask of the Electron main thread: its stores (electron-store, safeStorage
// live here) and its edges (shell, notifications, drag-out, the folder picker, external links). Each
// is one typed host call; this file only maps them onto the adapters.

export interface ElectronEdges {
  secrets: SecretsStore;
  settings: SettingsStore;
  downloads: Required<DownloadHostHooks>;
  openExternal: (url: string) => Promise<boolean>;
  pickFolder: (currentDir: string) => Promise<string | null>;
}

/** Every edge the Electron host has: the worker wires its core to each. */
export const ELECTRON_HOOKS = [
  'openExternal',
  'pickFolder',
  'reveal',
  'open',
  'startDrag',
  'settled',
] as const satisfies readonly HostHook[];

export function electronHostServices(edges: ElectronEdges): HostServices {
  const { secrets, settings, downloads } = edges;
  return {
    secretGet: ({ key }) => secrets.get(key),
    secretSet: async ({ key, value }) => {
      await secrets.set(key, value);
      return null;
    },
    secretDelete: async ({ key }) => {
      await secrets.delete(key);
      return null;
    },
    settingsSave: async ({ settings: next }) => {
      settings.set(next);
      return null;
    },
    openExternal: ({ url }) => edges.openExternal(url),
    pickFolder: ({ dir }) => edges.pickFolder(dir),
    reveal: async ({ path }) => downloads.reveal(path),
    open: async ({ path }) => downloads.open(path),
    startDrag: async ({ files }) => {
      await downloads.startDrag(files);
      return null;
    },
    settled: async ({ item }) => {
      downloads.settled(item);
      return null;
    },
  };
}
