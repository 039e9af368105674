import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDb } from '../../src/db/open';
import { parseSeedArgs, SeedUsageError } from '../../src/seed/args';
import { expectConsistentLibraries } from './invariants';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'server', 'src', 'cli', 'seed.ts');

function seedCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { cwd: ROOT, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'seed-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run seed', () => {
  it('seeds and ends with the users as one JSON line', async () => {
    const data = join(dir, 'data');
    const { code, stdout, stderr } = await seedCli([
      '--data',
      data,
      '--users',
      '3',
      '--videos',
      '40',
      '--json',
      '--pool',
      '1',
      '--render-seconds',
      '1',
    ]);
    expect(stderr).toMatch(/seeded 3 users and 120 videos/);
    expect(code).toBe(0);
    const last = stdout.trim().split('\n').at(-1) ?? '';
    const parsed = JSON.parse(last) as { users: { email: string; password: string; plan: string }[] };
    expect(parsed.users.map((u) => u.email)).toEqual([
      'user1@example.com',
      'user2@example.com',
      'user3@example.com',
    ]);
    expect(parsed.users.map((u) => u.plan)).toEqual(['pro', 'basic', 'free']);
    expect(parsed.users.every((u) => u.password.length >= 12)).toBe(true);
    const db = openServerDb(join(data, 'server.db'));
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM videos').get()).toEqual({ n: 120 });
      expectConsistentLibraries(db, Date.now());
    } finally {
      db.close();
    }

    const again = await seedCli(['--data', data, '--users', '3', '--videos', '5', '--pool', '1']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has 3 of these users .*Nothing was changed/);
  });

  it.each([
    [[], /--data is required/],
    [['--data', 'x', '--videos', '3'], /--users is required/],
    [
      ['--data', 'x', '--users', '0', '--videos', '3'],
      /--users must be a whole number from 1 to 100000 \(got "0"\)/,
    ],
    [['--data', 'x', '--users', '2', '--videos', 'many'], /--videos must be a whole number/],
    [
      ['--data', 'x', '--users', '2', '--videos', '3', '--pool', '0'],
      /--pool must be a whole number from 1 to 32/,
    ],
    [['--data', 'x', '--users', '2', '--videos', '3', '--colour', 'red'], /Unknown option '--colour'/],
  ])('exits 2 with the usage for %j', async (args, message) => {
    const { code, stderr, stdout } = await seedCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('usage: npm run seed');
    expect(stdout).toBe('');
  });
});

describe('parseSeedArgs', () => {
  it('applies defaults and rejects fractions', () => {
    expect(parseSeedArgs(['--data', 'd', '--users', '2', '--videos', '5'])).toEqual({
      dataDir: 'd',
      users: 2,
      videos: 5,
      json: false,
      pool: 4,
      renderSeconds: 2,
      rngSeed: undefined,
    });
    expect(() => parseSeedArgs(['--data', 'd', '--users', '1.5', '--videos', '5'])).toThrow(SeedUsageError);
  });
});
