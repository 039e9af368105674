import { isAbsolute } from 'node:path';

/**
 * Under `npm start`, scripts/start.ts puts here the path of a better-sqlite3 addon built for Electron's
 * ABI (node_modules keeps the build for Node, which the tests, the server and the web host load).
 */
export const SQLITE_BINDING_ENV = 'AIASMR_SQLITE_BINDING';

/**
 * The addon the core should load, or undefined for the one in node_modules. Only a development run
 * honours the variable: a packaged app has its addon rebuilt for Electron by electron-builder, and
 * loading native code named by the environment would undo what the NODE_OPTIONS fuse protects.
 */
export function sqliteBindingFromEnv(env: NodeJS.ProcessEnv, development: boolean): string | undefined {
  const path = env[SQLITE_BINDING_ENV];
  if (!development || path === undefined || path === '') return undefined;
  if (!isAbsolute(path))
    throw new Error(`${SQLITE_BINDING_ENV} must be an absolute path, got ${JSON.stringify(path)}`);
  return path;
}
