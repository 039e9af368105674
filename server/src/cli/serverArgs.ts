import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `usage: npm run server -- [--port <p>] [--data <dir>] [--host <h>] [--gen-seconds <s>]
                         [--fail-rate <0..1>] [--render-max-seconds <s>] [--demo] [--log-level <level>]

  --port                TCP port (default 8787; 0 picks a free one)
  --data                data folder (default: aiasmr-server in your app-data folder)
  --host                interface to bind (default 127.0.0.1)
  --gen-seconds         simulated generation time per video (default 8)
  --fail-rate           probability that a generation fails, 0..1 (default 0.1)
  --render-max-seconds  longest clip the renderer makes (default 12)
  --demo                create the demo account and its videos if missing
  --log-level           fatal | error | warn | info | debug | trace | silent (default info)`;

export class UsageError extends Error {}

export interface ServerArgs {
  port: number;
  dataDir: string;
  host: string;
  genSeconds: number;
  failRate: number;
  renderMaxSeconds: number;
  demo: boolean;
  logLevel: string;
  help: boolean;
}

/** The per-user application data folder of each platform. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'aiasmr-server');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'aiasmr-server');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'aiasmr-server');
}

function numberFlag(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got "${raw}")`,
    );
  }
  return n;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function parseServerArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ServerArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        host: { type: 'string' },
        'gen-seconds': { type: 'string' },
        'fail-rate': { type: 'string' },
        'render-max-seconds': { type: 'string' },
        demo: { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  const logLevel = v['log-level'] ?? 'info';
  if (!LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LEVELS.join(', ')}`);
  if (v.data !== undefined && v.data.trim() === '') throw new UsageError('--data needs a folder');
  if (v.host !== undefined && v.host.trim() === '') throw new UsageError('--host needs an address');
  return {
    port: numberFlag('port', v.port, 8787, 0, 65535, true),
    dataDir: v.data ?? defaultDataDir(env),
    host: v.host ?? '127.0.0.1',
    genSeconds: numberFlag('gen-seconds', v['gen-seconds'], 8, 0, 3600, false),
    failRate: numberFlag('fail-rate', v['fail-rate'], 0.1, 0, 1, false),
    renderMaxSeconds: numberFlag('render-max-seconds', v['render-max-seconds'], 12, 1, 120, true),
    demo: v.demo ?? false,
    logLevel,
    help: v.help ?? false,
  };
}
