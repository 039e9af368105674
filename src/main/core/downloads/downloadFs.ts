import { constants, createReadStream } from 'node:fs';
import { open, rename, stat, statfs, truncate, unlink, type FileHandle } from 'node:fs/promises';

// The file-system operations the downloader uses, behind one interface so tests can inject the
// failures a real disk produces rarely (ENOSPC, EACCES as root, EIO) at an exact byte.

export interface PartFile {
  /** Appends the buffers at `position`; resolves once the kernel accepted all of them. */
  writev(buffers: Buffer[], position: number): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface DownloadFs {
  /** Opens (creating if needed) a file for writing at explicit positions, without truncating it. */
  openPart(path: string): Promise<PartFile>;
  size(path: string): Promise<number | null>;
  truncate(path: string, length: number): Promise<void>;
  unlink(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Bytes available to this user on the file system holding `dir`. */
  freeBytes(dir: string): Promise<number>;
  /** Makes a rename in `dir` durable; a no-op where directories cannot be opened (Windows). */
  syncDir(dir: string): Promise<void>;
  readStream(path: string): AsyncIterable<Buffer>;
}

class NodePartFile implements PartFile {
  constructor(private readonly handle: FileHandle) {}

  async writev(buffers: Buffer[], position: number): Promise<void> {
    let pending = buffers;
    let at = position;
    while (pending.length > 0) {
      const { bytesWritten } = await this.handle.writev(pending, at);
      at += bytesWritten;
      pending = dropBytes(pending, bytesWritten);
    }
  }

  sync(): Promise<void> {
    return this.handle.sync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** What remains of `buffers` after the first `n` bytes were written (writev may write partially). */
function dropBytes(buffers: Buffer[], n: number): Buffer[] {
  let left = n;
  const out: Buffer[] = [];
  for (const b of buffers) {
    if (left >= b.length) {
      left -= b.length;
      continue;
    }
    out.push(left > 0 ? b.subarray(left) : b);
    left = 0;
  }
  return out;
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

export const nodeDownloadFs: DownloadFs = {
  async openPart(path) {
    return new NodePartFile(await open(path, constants.O_WRONLY | constants.O_CREAT, 0o644));
  },
  async size(path) {
    try {
      return (await stat(path)).size;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
  },
  truncate: (path, length) => truncate(path, length),
  async unlink(path) {
    try {
      await unlink(path);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  },
  rename: (from, to) => rename(from, to),
  async exists(path) {
    try {
      await stat(path);
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  },
  async freeBytes(dir) {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  },
  async syncDir(dir) {
    if (process.platform === 'win32') return;
    const handle = await open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  readStream: (path) => createReadStream(path, { highWaterMark: 1024 * 1024 }),
};
