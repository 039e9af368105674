import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from './log-file';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aiasmr-logs-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const fixed = () => new Date('2026-01-02T03:04:05.000Z');

describe('rotating log file', () => {
  it('writes timestamped lines, creating the folder', () => {
    const dir = join(tempDir(), 'logs');
    const log = createLogger({ dir, now: fixed });
    log.info('started');
    log.error('boom\nsecond line');
    expect(readFileSync(log.file, 'utf8')).toBe(
      '2026-01-02T03:04:05.000Z INFO  started\n2026-01-02T03:04:05.000Z ERROR boom\n    second line\n',
    );
  });

  it('rotates past maxBytes and keeps only the newest generations', () => {
    const dir = tempDir();
    const log = createLogger({ dir, maxBytes: 100, keep: 2, now: fixed });
    for (let i = 0; i < 12; i += 1) log.info(`entry ${i.toString().padStart(2, '0')}`);
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const name of readdirSync(dir)) {
      expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(100);
    }
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toContain('entry 11');
    const all = readdirSync(dir)
      .map((n) => readFileSync(join(dir, n), 'utf8'))
      .join('');
    expect(all).not.toContain('entry 00');
  });

  it('continues an existing file and accounts for its size', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'main.log'), 'x'.repeat(95));
    createLogger({ dir, maxBytes: 100, now: fixed }).info('next');
    expect(readFileSync(join(dir, 'main.1.log'), 'utf8')).toBe('x'.repeat(95));
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toContain('next');
  });

  it('falls back (never throws) when the folder cannot be written', () => {
    const dir = tempDir();
    const blocker = join(dir, 'file');
    writeFileSync(blocker, '');
    const lost: string[] = [];
    const log = createLogger({ dir: join(blocker, 'logs'), fallback: (line) => lost.push(line), now: fixed });
    expect(() => log.warn('kept anyway')).not.toThrow();
    expect(lost[0]).toContain('kept anyway');
    expect(lost[0]).toContain('log file unavailable');
  });
});
