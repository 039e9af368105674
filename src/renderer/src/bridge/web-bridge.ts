import {
  INVOKE_CHANNELS,
  type EventChannel,
  type EventPayloads,
  type IpcResult,
  type RendererApi,
} from '../../../shared/ipc/contract';
import {
  SOCKET_PATH,
  TOKEN_PARAM,
  type EventMessage,
  type InvokeMessage,
  type ResultMessage,
} from '../../../shared/bridge-protocol';

export interface WebBridgeOptions {
  /** ws:// URL of the host's socket, token included; default: from the page's own URL. */
  url?: string;
  /** For tests outside a browser. */
  WebSocketImpl?: typeof WebSocket;
  /** Longest wait for the socket before a call fails. */
  callTimeoutMs?: number;
  maxBackoffMs?: number;
}

type Pending = { resolve: (r: IpcResult<unknown>) => void; timer: ReturnType<typeof setTimeout> };

function defaultUrl(): string {
  const token = new URLSearchParams(window.location.search).get(TOKEN_PARAM) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}${SOCKET_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

const offline = (message: string): IpcResult<never> => ({ ok: false, error: { code: 'offline', message } });

function isResult(m: unknown): m is ResultMessage {
  return (
    typeof m === 'object' &&
    m !== null &&
    't' in m &&
    m.t === 'result' &&
    'id' in m &&
    typeof m.id === 'number'
  );
}
function isEvent(m: unknown): m is EventMessage {
  return (
    typeof m === 'object' &&
    m !== null &&
    't' in m &&
    m.t === 'event' &&
    'event' in m &&
    typeof m.event === 'string'
  );
}

/**
 * The renderer's side of the web host: the same RendererApi as Electron's preload, carried over a
 * WebSocket to the core. It reconnects by itself with backoff; calls made while disconnected wait for
 * the socket (up to callTimeoutMs) and then fail as `offline` values, never as exceptions.
 */
export async function connectWebBridge(
  options: WebBridgeOptions = {},
): Promise<RendererApi & { close(): void }> {
  const url = options.url ?? defaultUrl();
  const WS = options.WebSocketImpl ?? WebSocket;
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const pending = new Map<number, Pending>();
  const waitingForOpen = new Set<() => void>();
  let socket: WebSocket | null = null;
  let nextId = 1;
  let failures = 0;
  let everOpened = false;
  let closed = false;

  const fire = (event: string, payload: unknown): void => {
    for (const l of listeners.get(event) ?? []) {
      try {
        (l as (p: unknown) => void)(payload);
      } catch (err) {
        console.error('web bridge listener failed', err);
      }
    }
  };

  const connect = (onFirstOpen?: (ok: boolean) => void): void => {
    const ws = new WS(url);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      const reconnected = everOpened;
      everOpened = true;
      onFirstOpen?.(true);
      for (const w of [...waitingForOpen]) w();
      // Events may have been missed while the socket was down: have the page refresh what it shows.
      if (reconnected) fire('library:changed', { ids: null });
    };
    ws.onmessage = (e: MessageEvent) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (isResult(msg)) {
        const p = pending.get(msg.id);
        if (!p) return;
        pending.delete(msg.id);
        clearTimeout(p.timer);
        p.resolve(msg.result as IpcResult<unknown>);
      } else if (isEvent(msg)) fire(msg.event, msg.payload);
    };
    // Every failure also ends in `close`, which handles it; without a handler, `ws` (tests) would throw.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket === ws) socket = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        clearTimeout(p.timer);
        p.resolve(offline('The connection to the app was lost; please try again.'));
      }
      if (!everOpened && onFirstOpen) {
        onFirstOpen(false);
        return;
      }
      if (closed) return;
      failures++;
      const base = Math.min(maxBackoff, 250 * 2 ** Math.min(failures, 8));
      setTimeout(() => connect(), base / 2 + Math.random() * (base / 2));
    };
  };

  const whenOpen = (): Promise<boolean> =>
    new Promise((resolve) => {
      if (socket?.readyState === WS.OPEN) return resolve(true);
      const done = (): void => {
        waitingForOpen.delete(done);
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        waitingForOpen.delete(done);
        resolve(false);
      }, callTimeoutMs);
      waitingForOpen.add(done);
    });

  const invoke = async (channel: string, payload: unknown): Promise<IpcResult<unknown>> => {
    if (!(await whenOpen()) || !socket)
      return offline('The app is not reachable; is the web host still running?');
    const id = nextId++;
    const ws = socket;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(offline(`The app did not answer ${channel} in time.`));
      }, callTimeoutMs * 4);
      pending.set(id, { resolve, timer });
      const msg: InvokeMessage = { t: 'invoke', id, channel, payload: payload ?? {} };
      ws.send(JSON.stringify(msg));
    });
  };

  await new Promise<void>((resolve, reject) => {
    connect((ok) =>
      ok ? resolve() : reject(new Error('Could not connect to the web host (wrong or missing token?).')),
    );
  });

  const methods = Object.fromEntries(
    INVOKE_CHANNELS.map((channel) => [channel, (request: unknown) => invoke(channel, request)]),
  );
  const on = <E extends EventChannel>(
    event: E,
    listener: (payload: EventPayloads[E]) => void,
  ): (() => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  };
  // One method per contract channel, built from INVOKE_CHANNELS: every call resolves to the IpcResult the
  // core's dispatch produced for that very channel, so the mapped type holds by construction.
  const close = (): void => {
    closed = true;
    socket?.close();
  };
  const api = { ...methods, on };
  return Object.assign(api as RendererApi, { close });
}
