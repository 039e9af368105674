/**
 * The local update server of README "Updates" (`npx http-server release/<version> -p 8080`): where a
 * build looks for updates when AIASMR_UPDATE_URL does not name the real one. No public update server
 * is assumed, so none is presented as if it were real.
 */
export const LOCAL_UPDATE_URL = 'http://127.0.0.1:8080';

export type UpdateUrl = { ok: true; url: string; defaulted: boolean } | { ok: false; problem: string };

/** The URL electron-updater's generic provider will read latest.yml from, as `npm run dist` is given it. */
export function updateUrlFrom(env: NodeJS.ProcessEnv): UpdateUrl {
  const given = env.AIASMR_UPDATE_URL;
  if (given === undefined || given === '') return { ok: true, url: LOCAL_UPDATE_URL, defaulted: true };
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    return { ok: false, problem: `AIASMR_UPDATE_URL must be an http(s) URL, got ${JSON.stringify(given)}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: `AIASMR_UPDATE_URL must be an http(s) URL, got ${JSON.stringify(given)}` };
  }
  return { ok: true, url: given, defaulted: false };
}
