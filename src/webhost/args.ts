export interface WebHostArgs {
  port: number;
  dataDir: string | null;
  serverUrl: string | null;
  rendererDir: string | null;
  open: boolean;
}

export const WEB_USAGE =
  'usage: npm run web -- [--port <p>] [--data <dir>] [--server <url>] [--renderer <dir>] [--no-open]';

export class WebHostUsageError extends Error {}

export function parseWebHostArgs(argv: readonly string[]): WebHostArgs {
  const out: WebHostArgs = { port: 0, dataDir: null, serverUrl: null, rendererDir: null, open: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--'))
        throw new WebHostUsageError(`${arg} needs a value\n${WEB_USAGE}`);
      return v;
    };
    if (arg === '--port') {
      const p = Number(value());
      if (!Number.isInteger(p) || p < 0 || p > 65535)
        throw new WebHostUsageError(`--port must be 0..65535\n${WEB_USAGE}`);
      out.port = p;
    } else if (arg === '--data') out.dataDir = value();
    else if (arg === '--server') {
      const v = value();
      if (!/^https?:\/\/[^\s]+$/.test(v))
        throw new WebHostUsageError(`--server must be an http(s) URL\n${WEB_USAGE}`);
      out.serverUrl = v.replace(/\/+$/, '');
    } else if (arg === '--renderer') out.rendererDir = value();
    else if (arg === '--no-open') out.open = false;
    else if (arg === '--help' || arg === '-h') throw new WebHostUsageError(WEB_USAGE);
    else throw new WebHostUsageError(`Unknown option ${String(arg)}\n${WEB_USAGE}`);
  }
  return out;
}
