import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchUsageError, expectOnlyFlags, intFlag } from './lib/args';
import { percentile } from './lib/stats';
import { BENCHMARKS, resolveBenchmark } from './run';

const ROOT = join(import.meta.dirname, '..');

function bench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'run.ts'), ...args],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run bench dispatch', () => {
  it('maps every known name to bench/<name>.ts and passes the rest of argv', () => {
    expect(Object.keys(BENCHMARKS)).toContain('server');
    expect(resolveBenchmark(['server', '--videos', '20000'])).toEqual({
      ok: true,
      path: join(ROOT, 'bench', 'server.ts'),
      args: ['--videos', '20000'],
    });
  });

  it('refuses a missing, unknown or not-yet-written benchmark', () => {
    expect(resolveBenchmark([])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/name a benchmark/),
    });
    expect(resolveBenchmark(['--videos'])).toMatchObject({ ok: false });
    expect(resolveBenchmark(['toString'])).toMatchObject({
      ok: false,
      message: expect.stringMatching(/unknown/),
    });
    expect(resolveBenchmark(['server'], join(ROOT, 'server'))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/bench\/server.ts is missing/),
    });
  });

  it('exits 2 listing the benchmarks for an unknown name', async () => {
    const { code, stderr, stdout } = await bench(['nope']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown benchmark "nope"/);
    for (const name of Object.keys(BENCHMARKS)) expect(stderr).toContain(`  ${name}`);
    expect(stdout).toBe('');
  });

  it('passes the benchmark exit code through: 2 for its bad arguments', async () => {
    const { code, stderr } = await bench(['server', '--videos', 'lots']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--videos must be a whole number/);
  });
});

describe('bench helpers', () => {
  it('parses integer flags and refuses unknown ones', () => {
    expect(intFlag(['--videos', '20000'], 'videos', 5, 1, 10 ** 7)).toBe(20000);
    expect(intFlag([], 'videos', 5, 1, 10)).toBe(5);
    expect(() => intFlag(['--videos', '2.5'], 'videos', 5, 1, 10)).toThrow(BenchUsageError);
    expect(() => intFlag(['--videos'], 'videos', 5, 1, 10)).toThrow(/got ""/);
    expect(() => expectOnlyFlags(['--vidoes', '3'], ['videos'])).toThrow(/unknown argument "--vidoes"/);
    expect(() => expectOnlyFlags(['--videos', '3'], ['videos'])).not.toThrow();
  });

  it('computes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([], 50)).toBeNaN();
  });
});
