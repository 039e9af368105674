import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../shared/ipc/contract';
import { createRendererApi, type IpcRendererLike } from './api';

class FakeIpcRenderer implements IpcRendererLike {
  invoked: [string, unknown][] = [];
  listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  fail: Error | null = null;
  async invoke(channel: string, payload: unknown) {
    this.invoked.push([channel, payload]);
    if (this.fail !== null) throw this.fail;
    return { ok: true, value: channel };
  }
  on(channel: string, listener: (event: unknown, payload: unknown) => void) {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
  }
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void) {
    this.listeners.get(channel)?.delete(listener);
  }
  emit(channel: string, payload: unknown) {
    for (const l of this.listeners.get(channel) ?? []) l({ sender: 'ipc internals' }, payload);
  }
}

describe('renderer API built by the preload', () => {
  it('has exactly one method per contract channel plus on()', () => {
    const api = createRendererApi(new FakeIpcRenderer(), INVOKE_CHANNELS, EVENT_CHANNELS);
    expect(Object.keys(api).sort()).toEqual([...INVOKE_CHANNELS, 'on'].sort());
    for (const key of Object.keys(api)) expect(typeof api[key]).toBe('function');
  });

  it('invokes each method on its own channel with the request', async () => {
    const ipc = new FakeIpcRenderer();
    const api = createRendererApi(ipc, INVOKE_CHANNELS, EVENT_CHANNELS);
    for (const channel of INVOKE_CHANNELS) {
      const method = api[channel];
      if (typeof method !== 'function') throw new Error(`no method ${channel}`);
      await expect(method({ probe: channel })).resolves.toEqual({ ok: true, value: channel });
    }
    expect(ipc.invoked).toEqual(INVOKE_CHANNELS.map((c) => [c, { probe: c }]));
  });

  it('turns a failed invoke into an error value', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.fail = new Error("No handler registered for 'app:info'");
    const api = createRendererApi(ipc, ['app:info'], []);
    const method = api['app:info'];
    if (typeof method !== 'function') throw new Error('no method');
    await expect(method(undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: "No handler registered for 'app:info'" },
    });
    expect(ipc.invoked).toEqual([['app:info', {}]]);
  });

  it('delivers event payloads without the IPC event, and unsubscribes', () => {
    const ipc = new FakeIpcRenderer();
    const api = createRendererApi(ipc, INVOKE_CHANNELS, EVENT_CHANNELS);
    const got: unknown[] = [];
    const off = api.on('notice', (payload) => got.push(payload));
    ipc.emit('notice', { level: 'info', message: 'x' });
    off();
    ipc.emit('notice', { level: 'info', message: 'y' });
    expect(got).toEqual([{ level: 'info', message: 'x' }]);
  });

  it('refuses channels that are not contract events', () => {
    const api = createRendererApi(new FakeIpcRenderer(), INVOKE_CHANNELS, EVENT_CHANNELS);
    expect(() => api.on('ELECTRON_BROWSER_REQUIRE', () => undefined)).toThrow('Unknown event channel');
    expect(() => api.on('library:page', () => undefined)).toThrow('Unknown event channel');
  });
});
