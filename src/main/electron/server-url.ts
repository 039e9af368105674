/**
 * Where the reference server listens when started on its own (`npm run server`, port 8787): the
 * address a build talks to until the user names their server in Settings. No public server is
 * assumed, so none is presented as if it were real.
 */
export const LOCAL_REFERENCE_SERVER_URL = 'http://127.0.0.1:8787';

/**
 * The server used when the settings name none. Under `npm start` (development) it is the embedded
 * reference server that scripts/start.ts passes in AIASMR_SERVER_URL; a packaged app ignores the
 * environment and takes its server from the settings, starting from the local reference server.
 */
export function defaultServerUrl(env: NodeJS.ProcessEnv, development: boolean): string {
  const embedded = development ? env.AIASMR_SERVER_URL : undefined;
  return embedded === undefined || embedded === '' ? LOCAL_REFERENCE_SERVER_URL : embedded;
}
