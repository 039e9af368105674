import { SettingsSchema, type Settings, type SettingsPatch } from '../../../shared/ipc/models';
import type { SecretsStore } from '../secrets/secrets-store';
import type { SettingsStore } from '../settings/settings-store';
import type { HostCall, HostCalls } from './protocol';

// The worker's view of stores that live on the host's main thread (Electron's electron-store and
// safeStorage). The core reads settings synchronously, so the worker keeps them and sends each change
// to the host whole; secrets are asynchronous already and simply become host calls.

export type CallHost = <K extends HostCall>(
  call: K,
  request: HostCalls[K]['request'],
) => Promise<HostCalls[K]['response']>;

export class HostSettingsStore implements SettingsStore {
  constructor(
    private current: Settings,
    private loadProblem: string | null,
    private readonly callHost: CallHost,
    private readonly onSaveFailed: (err: unknown) => void,
  ) {}

  get(): Settings {
    return this.current;
  }

  set(patch: SettingsPatch): Settings {
    this.current = SettingsSchema.parse({ ...this.current, ...patch });
    // The host writes in message order, so the last change is the one kept.
    this.callHost('settingsSave', { settings: this.current }).catch(this.onSaveFailed);
    return this.current;
  }

  takeLoadProblem(): string | null {
    const problem = this.loadProblem;
    this.loadProblem = null;
    return problem;
  }
}

export function hostSecretsStore(callHost: CallHost): SecretsStore {
  return {
    get: (key) => callHost('secretGet', { key }),
    set: async (key, value) => void (await callHost('secretSet', { key, value })),
    delete: async (key) => void (await callHost('secretDelete', { key })),
  };
}
