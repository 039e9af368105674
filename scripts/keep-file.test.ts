import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keepFile } from './keep-file';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('keeping a file across a step that replaces it', () => {
  it('puts the original bytes back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiasmr-keep-test-'));
    dirs.push(dir);
    const file = join(dir, 'better_sqlite3.node');
    writeFileSync(file, 'built for node');
    const kept = keepFile(file);
    writeFileSync(file, 'rebuilt for electron');
    expect(kept.restore()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('built for node');
  });

  it('does nothing for a file that was not there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiasmr-keep-test-'));
    dirs.push(dir);
    expect(keepFile(join(dir, 'absent.node')).restore()).toBe(false);
  });
});
