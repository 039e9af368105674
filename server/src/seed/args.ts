import { parseArgs } from 'node:util';

export const SEED_USAGE = `usage: npm run seed -- --data <dir> --users <n> --videos <m> [--json] [--pool <k>]
                       [--render-seconds <s>] [--rng-seed <int>]

  --data            data folder (the database is <dir>/server.db, media in <dir>/media)
  --users           number of users user1@example.com … user<n>@example.com (1..100000)
  --videos          videos per user (0..1000000)
  --json            end with one JSON line: {"users":[{"email","password","plan"}, …]}
  --pool            distinct rendered assets that ready videos share (1..32, default 4)
  --render-seconds  length of each pool render in seconds (1..60, default 2)
  --rng-seed        make titles, plans and statuses reproducible

Refuses, changing nothing, when any of those users already exists in the data folder.`;

export class SeedUsageError extends Error {}

export interface SeedArgs {
  dataDir: string;
  users: number;
  videos: number;
  json: boolean;
  pool: number;
  renderSeconds: number;
  rngSeed: number | undefined;
}

function wholeNumber(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
  fallback?: number,
): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new SeedUsageError(`--${name} is required`);
    return fallback;
  }
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw new SeedUsageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        users: { type: 'string' },
        videos: { type: 'string' },
        json: { type: 'boolean' },
        pool: { type: 'string' },
        'render-seconds': { type: 'string' },
        'rng-seed': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new SeedUsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.data === undefined || values.data.trim() === '') throw new SeedUsageError('--data is required');
  return {
    dataDir: values.data,
    users: wholeNumber('users', values.users, 1, 100_000),
    videos: wholeNumber('videos', values.videos, 0, 1_000_000),
    json: values.json ?? false,
    pool: wholeNumber('pool', values.pool, 1, 32, 4),
    renderSeconds: wholeNumber('render-seconds', values['render-seconds'], 1, 60, 2),
    rngSeed:
      values['rng-seed'] === undefined
        ? undefined
        : wholeNumber('rng-seed', values['rng-seed'], 0, 2 ** 31 - 1),
  };
}
