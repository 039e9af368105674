import { describe, expect, it } from 'vitest';
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  type EventChannel,
  type IpcResult,
} from '../../shared/ipc/contract';
import { createAppUrlMatcher } from './app-url';
import { forwardEvents, registerIpcHandlers, type IpcInvokeEventLike, type IpcMainLike } from './ipc';

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  call(channel: string, event: IpcInvokeEventLike, payload: unknown = {}) {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`no handler for ${channel}`);
    return handler(event, payload);
  }
}

const app = createAppUrlMatcher({ indexHtmlPath: '/app/out/renderer/index.html' });
const good: IpcInvokeEventLike = {
  sender: { id: 7 },
  senderFrame: { url: `${app.entryUrl}#/x`, parent: null },
};

function setup(
  dispatch = async (channel: string, payload: unknown): Promise<IpcResult<unknown>> => ({
    ok: true,
    value: { channel, payload },
  }),
) {
  const ipc = new FakeIpcMain();
  const logs: string[] = [];
  const dispatched: string[] = [];
  const unregister = registerIpcHandlers(ipc, {
    channels: INVOKE_CHANNELS,
    dispatch: async (channel, payload) => {
      dispatched.push(channel);
      return dispatch(channel, payload);
    },
    policy: { isAppUrl: app.isAppUrl, appContentsId: () => 7 },
    log: (m) => logs.push(m),
  });
  return { ipc, logs, dispatched, unregister };
}

const forbidden = {
  ok: false,
  error: { code: 'forbidden_sender', message: 'This caller may not use the app API.' },
};

describe('IPC registration', () => {
  it('registers exactly one handler per contract channel and removes them all', () => {
    const { ipc, unregister } = setup();
    expect([...ipc.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    unregister();
    expect(ipc.handlers.size).toBe(0);
  });

  it('passes calls from the app page to dispatch', async () => {
    const { ipc } = setup();
    await expect(ipc.call('library:count', good, { query: {} })).resolves.toEqual({
      ok: true,
      value: { channel: 'library:count', payload: { query: {} } },
    });
  });

  it.each<[string, IpcInvokeEventLike]>([
    ['another page', { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } }],
    [
      'a file outside the app',
      { sender: { id: 7 }, senderFrame: { url: 'file:///tmp/evil.html', parent: null } },
    ],
    ['a sub-frame of the app', { sender: { id: 7 }, senderFrame: { url: app.entryUrl, parent: {} } }],
    ['another webContents', { sender: { id: 8 }, senderFrame: { url: app.entryUrl, parent: null } }],
    ['a frame already gone', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses every channel when the caller is %s', async (_name, event) => {
    const { ipc, dispatched, logs } = setup();
    for (const channel of INVOKE_CHANNELS) {
      await expect(ipc.call(channel, event)).resolves.toEqual(forbidden);
    }
    expect(dispatched).toEqual([]);
    expect(logs).toHaveLength(INVOKE_CHANNELS.length);
    expect(logs[0]).toMatch(/^Refused IPC "app:info" from /);
  });

  it('turns a throwing dispatch into an internal error value', async () => {
    const { ipc, logs } = setup(async () => {
      throw new Error('bug');
    });
    await expect(ipc.call('app:info', good)).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong in the app.' },
    });
    expect(logs[0]).toContain('bug');
  });
});

describe('event forwarding', () => {
  it('sends each core event to the open window on its channel, and stops when unsubscribed', () => {
    const listeners = new Map<EventChannel, (payload: unknown) => void>();
    const source = {
      on: (event: EventChannel, listener: (payload: unknown) => void) => {
        listeners.set(event, listener);
        return () => listeners.delete(event);
      },
    };
    const sent: [string, unknown][] = [];
    let open = true;
    const stop = forwardEvents(source, EVENT_CHANNELS, () =>
      open ? { isDestroyed: () => false, send: (c: string, p: unknown) => void sent.push([c, p]) } : null,
    );
    expect([...listeners.keys()]).toEqual([...EVENT_CHANNELS]);
    listeners.get('notice')?.({ level: 'info', message: 'hi' });
    open = false;
    listeners.get('library:changed')?.({ ids: null });
    expect(sent).toEqual([['notice', { level: 'info', message: 'hi' }]]);
    stop();
    expect(listeners.size).toBe(0);
  });
});
