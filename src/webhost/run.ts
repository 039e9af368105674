import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { FileSettingsStore, defaultSettings, type HostCore, type Logger } from '../main/core/index';
import { CoreWorker } from '../main/core/worker/client';
import { TOKEN_PARAM } from '../shared/bridge-protocol';
import { defaultDataDir } from './data-dir';
import { createHostServer } from './http-server';
import { acquireDataLock } from './lock';
import { openBrowser } from './open-browser';
import { ensureRendererBuilt } from './renderer-build';

export interface WebHostOptions {
  /** 0 = any free port. */
  port?: number;
  dataDir?: string;
  /** The remote API; absent = start the embedded reference server with the demo account. */
  serverUrl?: string;
  /** A built renderer folder; default `out/renderer` (built if missing). */
  rendererDir?: string;
  projectRoot?: string;
  open?: boolean;
  log?: (line: string) => void;
  logger?: Logger;
  /** Starts the embedded server and returns its URL and the account to sign in (see embedded-server.ts). */
  embedded?: (
    dataDir: string,
  ) => Promise<{ url: string; account: { email: string; password: string }; close(): Promise<void> }>;
}

export interface RunningWebHost {
  /** The URL to open, with the per-run token. */
  url: string;
  port: number;
  token: string;
  core: HostCore;
  close(): Promise<void>;
}

const listen = (server: Server, port: number): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      resolve(a !== null && typeof a === 'object' ? a.port : port);
    });
  });

/**
 * Runs the desktop core in plain Node behind a local web server: the built renderer, the media and the
 * IPC contract over a WebSocket, all on 127.0.0.1 and guarded by a random per-run token.
 */
export async function runWebHost(options: WebHostOptions = {}): Promise<RunningWebHost> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = options.dataDir ?? defaultDataDir();
  const release = acquireDataLock(dataDir);
  const cleanups: (() => Promise<void> | void)[] = [release];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c();
  };
  try {
    const rendererDir = ensureRendererBuilt(
      options.projectRoot ?? process.cwd(),
      options.rendererDir ?? null,
      log,
    );
    let serverUrl = options.serverUrl;
    let demo: { email: string; password: string } | null = null;
    if (!serverUrl) {
      if (!options.embedded) throw new Error('No server URL and no embedded server');
      const embedded = await options.embedded(join(dataDir, 'server'));
      cleanups.push(() => embedded.close());
      serverUrl = embedded.url;
      demo = embedded.account;
      log(`Embedded reference server at ${serverUrl}`);
    }
    const token = randomBytes(24).toString('base64url');
    const settingsFile = join(dataDir, 'settings.json');
    const settings = new FileSettingsStore(settingsFile, defaultSettings({ serverUrl }));
    // An explicit or embedded server wins over the one remembered in the settings.
    if (settings.get().serverUrl !== serverUrl) settings.set({ serverUrl });
    // The core (cache, sync, index, downloads) runs in a worker thread: this thread only serves files
    // and routes the WebSocket, so no SQL statement ever holds up a page request.
    const core = new CoreWorker(
      {
        dataDir,
        stores: {
          kind: 'files',
          settingsFile,
          defaultSettings: defaultSettings({ serverUrl }),
          secretsFile: join(dataDir, 'secrets.json'),
        },
        defaultServerUrl: serverUrl,
        appInfo: {
          name: 'AIASMR Video',
          version: process.env.npm_package_version ?? '0.0.0',
          host: 'web',
          platform: process.platform,
        },
        mediaUrl: { prefix: '/media/', suffix: `?${TOKEN_PARAM}=${token}` },
      },
      { logger: options.logger ?? consoleLogger(log) },
    );
    cleanups.push(() => core.stop());
    // The page is served while the worker starts (a cold start loads the page and opens the cache at
    // the same time): calls sent before the core is ready wait for it in the worker.
    const starting = core.start();
    starting.catch(() => undefined);
    if (demo) {
      // The demo account is signed in before the page is served, so it never shows the sign-in screen.
      await starting;
      const session = core.core.sessionState();
      if (session.status !== 'signed_in' || session.serverUrl !== serverUrl) {
        await core.handlers['session:signIn']({ ...demo, serverUrl });
      }
    }
    const host = createHostServer({ core, token, rendererDir, logger: options.logger ?? consoleLogger(log) });
    cleanups.push(() => host.close());
    const port = await listen(host.server, options.port ?? 0);
    const url = `http://127.0.0.1:${port}/?${TOKEN_PARAM}=${token}`;
    log(`AIASMR Video is running at ${url}`);
    if (options.open !== false && openBrowser(url)) log('Opening it in your browser…');
    await starting;
    let closed = false;
    return {
      url,
      port,
      token,
      core,
      close: async () => {
        if (closed) return;
        closed = true;
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function consoleLogger(log: (line: string) => void): Logger {
  const line = (level: string) => (obj: object, msg?: string) => {
    const err = 'err' in obj && obj.err instanceof Error ? `: ${obj.err.message}` : '';
    log(`[${level}] ${msg ?? ''}${err}`);
  };
  return { info: () => undefined, warn: line('warn'), error: line('error') };
}
