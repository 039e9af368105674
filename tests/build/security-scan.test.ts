import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../src/main/electron/security';
import { repoRoot } from './build-output';

// Electronegativity (Doyensec's Electron security scanner) over the main-process and preload sources
// and the page's CSP, with the Electron version pinned. It never fails by itself, so this test reads
// its report: every HIGH finding must be explained in electronegativity-allowlist.json, and every file
// must have been parsed. The sources are scanned rather than the bundles because its parser cannot
// read the syntax of the bundled dependencies.

const ELECTRON_VERSION: string = JSON.parse(
  readFileSync(join(repoRoot, 'node_modules/electron/package.json'), 'utf8'),
).version;
const run = promisify(execFile);

interface Finding {
  check: string;
  severity: 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
  confidence: string;
  file: string;
  line: number;
  description: string;
}
interface ScanReport {
  checks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  findings: Finding[];
}
interface Allowed {
  check: string;
  file: string;
  reason: string;
}

let work = '';
let report: ScanReport = { checks: 0, errors: [], findings: [] };
let sarif: { runs: { results: { ruleId: string }[] }[] } = { runs: [] };
const scanned = new Map<string, string>();

function stage(from: string, to: string): void {
  mkdirSync(join(to, '..'), { recursive: true });
  copyFileSync(from, to);
  scanned.set(relative(work, to), relative(repoRoot, from));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'aiasmr-scan-'));
  const app = join(work, 'app');
  stage(join(repoRoot, 'src/main/index.ts'), join(app, 'src/main/index.ts'));
  for (const dir of ['src/main/electron', 'src/preload']) {
    for (const name of readdirSync(join(repoRoot, dir))) {
      if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) {
        stage(join(repoRoot, dir, name), join(app, dir, name));
      }
    }
  }
  mkdirSync(join(app, 'out/renderer'), { recursive: true });
  writeFileSync(
    join(app, 'out/renderer/index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}" /></head><body></body></html>`,
  );
  const sarifFile = join(work, 'report.sarif');
  const { stdout } = await run(
    process.execPath,
    [join(import.meta.dirname, 'electronegativity-run.mjs'), app, ELECTRON_VERSION, sarifFile],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024, timeout: 180_000 },
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  report = JSON.parse(line);
  sarif = JSON.parse(readFileSync(sarifFile, 'utf8'));
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const allowList: Allowed[] = JSON.parse(
  readFileSync(join(import.meta.dirname, 'electronegativity-allowlist.json'), 'utf8'),
).allowed;

describe('Electronegativity scan', () => {
  it('ran its checks and parsed every file it was given', () => {
    expect(report.checks).toBeGreaterThan(30);
    expect(report.errors).toEqual([]);
    expect(scanned.size).toBeGreaterThan(10);
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(report.findings.map((f) => f.check));
  });

  it('finds no high-severity issue that is not explained in the allow-list', () => {
    const unexplained = report.findings.filter(
      (f) => f.severity === 'HIGH' && !allowList.some((a) => a.check === f.check && a.file === f.file),
    );
    expect(unexplained).toEqual([]);
  });

  it('has no stale allow-list entries, and each gives a reason', () => {
    for (const entry of allowList) {
      expect(entry.reason.length, entry.check).toBeGreaterThan(40);
      expect(
        report.findings.some((f) => f.check === entry.check && f.file === entry.file),
        `${entry.check} ${entry.file}`,
      ).toBe(true);
    }
  });

  it('sees the navigation limits and the permission handler (their global checks do not fire)', () => {
    const checks = new Set(report.findings.map((f) => f.check));
    expect(checks.has('LIMIT_NAVIGATION_GLOBAL_CHECK')).toBe(false);
    expect(checks.has('PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK')).toBe(false);
  });
});
