import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultDataDir } from '../src/webhost/data-dir';
import { startEmbeddedServer } from '../src/webhost/embedded-server';
import { runWebHost } from '../src/webhost/run';
import { electronAvailability } from './electron-availability';
import {
  cachedBindingPath,
  electronSqliteTarget,
  ensureElectronSqlite,
  nativeCacheDir,
  prebuildInstallFetcher,
} from './electron-sqlite';
import { planStart } from './start-plan';

// `npm start`: the desktop app (electron-vite dev) against the embedded reference server, signed in
// with the demo account. Where Electron cannot start (no binary, no display, no better-sqlite3 built for
// Electron's ABI in the cache and none can be fetched) it says so in one line and runs the web host
// instead, which prints the URL to open.

const root = resolve(import.meta.dirname, '..');

async function startElectron(extraEnv: Record<string, string>): Promise<void> {
  const server = await startEmbeddedServer(join(defaultDataDir(), 'electron-dev-server'));
  console.log(`Embedded reference server at ${server.url} (demo account ${server.account.email})`);
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'dev'],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        ...extraEnv,
        AIASMR_SERVER_URL: server.url,
        AIASMR_DEMO_EMAIL: server.account.email,
        AIASMR_DEMO_PASSWORD: server.account.password,
      },
    },
  );
  const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  const code = await new Promise<number>((done) => {
    child.on('error', (error) => {
      console.error(`Could not run electron-vite: ${error.message}`);
      done(1);
    });
    child.on('exit', (exitCode, signal) => done(exitCode ?? (signal === null ? 0 : 1)));
  });
  await server.close();
  process.exit(code);
}

async function startWebHost(reason: string): Promise<void> {
  console.log(`Electron cannot start here: ${reason}. Running the web host instead.`);
  const host = await runWebHost({ projectRoot: root, embedded: startEmbeddedServer });
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const availability = electronAvailability({
    electronDir: join(root, 'node_modules/electron'),
    platform: process.platform,
    env: process.env,
  });
  const plan = await planStart(availability, async () => {
    const target = electronSqliteTarget(root);
    const cacheDir = nativeCacheDir();
    if (!existsSync(cachedBindingPath(cacheDir, target))) {
      console.log(
        `Fetching better-sqlite3 ${target.sqliteVersion} for Electron ${target.electronVersion} into ${cacheDir}…`,
      );
    }
    return ensureElectronSqlite({ projectRoot: root, cacheDir, target, fetch: prebuildInstallFetcher(root) });
  });
  if (plan.mode === 'web') return startWebHost(plan.reason);
  if (plan.note !== null) console.log(plan.note);
  return startElectron(plan.env);
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
