import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EVENT_CHANNELS,
  type EventChannel,
  type EventPayloads,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponses,
} from '../../../shared/ipc/contract';
import { createCore, dispatch, type DesktopCore } from '../index';
import type { CoreOptions } from '../core';
import { FileSecretsStore } from '../secrets/file-secrets-store';
import { FileSettingsStore } from '../settings/file-settings-store';
import { defaultSettings } from '../settings/settings-store';

export interface Harness {
  core: DesktopCore;
  dataDir: string;
  events: { [E in EventChannel]?: EventPayloads[E][] };
  call<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponses[C]>;
  /** The raw IpcResult (for error cases). */
  raw(channel: string, request: unknown): ReturnType<typeof dispatch>;
  waitFor<E extends EventChannel>(
    event: E,
    pred: (p: EventPayloads[E]) => boolean,
    timeoutMs?: number,
  ): Promise<EventPayloads[E]>;
  close(): Promise<void>;
}

/** A core on a temp data folder with the web host's file stores, driven through dispatch like a host. */
export function makeCore(
  serverUrl: string,
  opts: { dataDir?: string; tuning?: CoreOptions['tuning']; keepDir?: boolean } = {},
): Harness {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'core-data-'));
  const settings = new FileSettingsStore(
    join(dataDir, 'settings.json'),
    defaultSettings({ serverUrl, downloadDir: join(dataDir, 'dl') }),
  );
  const core = createCore({
    dataDir,
    secrets: new FileSecretsStore(join(dataDir, 'secrets.json')),
    settings,
    defaultServerUrl: serverUrl,
    appInfo: { name: 'AIASMR Video', version: '0.0.0-test', host: 'web', platform: process.platform },
    mediaUrl: (id, kind) => `/media/${id}/${kind}`,
    tuning: { apiAttempts: 2, apiBackoffMs: 20, pollEveryMs: 200, changedThrottleMs: 10, ...opts.tuning },
  });
  const events: Harness['events'] = {};
  const waiters = new Set<() => void>();
  // Every event but the download progress stream and the shell's menu commands.
  const channels = EVENT_CHANNELS.filter((ch) => ch !== 'downloads:progress' && ch !== 'app:command');
  for (const ch of channels) {
    core.on(ch, (p) => {
      const list = (events[ch] ??= []) as unknown[];
      list.push(p);
      for (const w of waiters) w();
    });
  }
  const h: Harness = {
    core,
    dataDir,
    events,
    async call(channel, request) {
      const r = await dispatch(core.handlers, channel, request);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
      return r.value as InvokeResponses[typeof channel];
    },
    raw: (channel, request) => dispatch(core.handlers, channel, request),
    waitFor(event, pred, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = (events[event] ?? []).find((p) => pred(p as EventPayloads[typeof event]));
          if (found === undefined) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found as EventPayloads[typeof event]);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${event}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async close() {
      await core.stop();
      if (!opts.keepDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}
