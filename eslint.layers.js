// The layers of the app and the server, and which way imports may go between them. Read by
// eslint.config.js (import-x/no-restricted-paths) and by the test that proves each rule fires.

const CORE = 'src/main/core';
const ELECTRON = ['src/main/electron', 'src/main/index.ts'];
const PRELOAD = 'src/preload';
const RENDERER = 'src/renderer';
const WEBHOST = 'src/webhost';
const SERVER = 'server';
const TOOLING = ['scripts', 'bench', 'tests'];
const APP = [CORE, ...ELECTRON, PRELOAD, RENDERER, WEBHOST];

/**
 * The zones for `import-x/no-restricted-paths`. `tests` relaxes three edges for test files only:
 * a core test may start the real server, a renderer test may run the real core, a web host test
 * may drive the renderer's bridge.
 * @param {{ tests: boolean }} options
 */
export function layerZones({ tests }) {
  return [
    {
      target: 'src/shared',
      from: ['src/main', PRELOAD, RENDERER, WEBHOST, SERVER, ...TOOLING],
      message: 'src/shared imports nothing from the other layers.',
    },
    {
      target: CORE,
      from: [...ELECTRON, PRELOAD, RENDERER, WEBHOST, ...(tests ? [] : [SERVER])],
      message:
        'The core is plain Node: it never imports Electron adapters, the renderer, a host or the server.',
    },
    {
      target: ELECTRON,
      from: [RENDERER, WEBHOST, PRELOAD, ...(tests ? [] : [SERVER])],
      message:
        'The Electron host runs the core; it does not import the renderer, the preload, the web host or the server.',
    },
    {
      target: PRELOAD,
      from: ['src/main', RENDERER, WEBHOST, SERVER],
      message: 'The preload imports only src/shared.',
    },
    {
      target: RENDERER,
      from: [...(tests ? ELECTRON : ['src/main']), PRELOAD, WEBHOST, SERVER],
      message: 'The renderer imports only src/shared and itself; it talks to window.api.',
    },
    {
      target: WEBHOST,
      from: [...(tests ? [] : [RENDERER]), ...ELECTRON, PRELOAD],
      message: 'The web host runs the core; shared code for both ends of the bridge belongs in src/shared.',
    },
    {
      target: 'server/src/repo',
      from: ['server/src/http', 'server/src/routes', 'server/src/services'],
      message: 'Repositories know SQL and domain errors, not HTTP, routes or services.',
    },
    {
      target: 'server/src/services',
      from: ['server/src/http', 'server/src/routes'],
      message: 'Services return domain results; routes map them to HTTP.',
    },
    {
      target: SERVER,
      from: APP,
      message: 'The server shares only src/shared with the app.',
    },
  ];
}
