import { createRequire } from 'node:module';

// better-sqlite3 is a native addon built for one ABI at a time: Node's (for the tests, benchmarks and
// the web host) or Electron's (for the app, after `npx electron-builder install-app-deps`). If this
// Node process can open a database with it, it is built for Node and Electron cannot load it.

export function betterSqliteBuiltForNode(projectRoot: string): boolean {
  const require = createRequire(`${projectRoot}/package.json`);
  try {
    const Database: new (file: string) => { close(): void } = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

export const ELECTRON_NATIVE_HINT =
  'better-sqlite3 is built for Node, not Electron: run `npx electron-builder install-app-deps` to use the Electron app (and `npm rebuild better-sqlite3` before running the tests again)';
