import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user application data folder of the platform. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'AIASMR Video');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'AIASMR Video');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'aiasmr-video');
}
