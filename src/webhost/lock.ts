import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Another AIASMR Video web host (process ${pid}) is already using the data folder ${dataDir}. ` +
        'Close it first, or start this one with --data <another folder>.',
    );
    this.name = 'DataFolderInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

/**
 * Takes the data folder's lock file (created exclusively, holding our PID). A lock left by a process
 * that no longer exists is stale and taken over; a live one refuses with DataFolderInUseError.
 */
export function acquireDataLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'webhost.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (err) {
      if (!(err instanceof Error && 'code' in err && err.code === 'EEXIST')) throw err;
    }
    let pid = NaN;
    try {
      pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    } catch {
      pid = NaN;
    }
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || alive(pid))) {
      throw new DataFolderInUseError(dataDir, pid);
    }
    rmSync(file, { force: true });
  }
  throw new Error(`Could not take the lock file in ${dataDir}`);
}
