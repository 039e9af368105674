import { constants, createReadStream } from 'node:fs';
import { open, rename, stat, statfs, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { openDirect, writeAt, type DirectFile } from './directIo';

// The file-system operations the downloader uses, behind one interface so tests can inject the
// failures a real disk produces rarely (ENOSPC, EACCES as root, EIO) at an exact byte.

export interface PartFile {
  /**
   * Writes `data` at `position`; resolves once the kernel accepted all of it. The body writer passes
   * page-aligned memory (its slots) whenever `position` is block-aligned, so the write may bypass
   * the page cache.
   */
  write(data: Buffer, position: number): Promise<void>;
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
  constructor(
    private readonly handle: FileHandle,
    private direct: DirectFile | null,
  ) {}

  async write(data: Buffer, position: number): Promise<void> {
    let done = 0;
    if (this.direct) {
      try {
        done = await this.direct.write(data, position);
      } catch (error) {
        // The file system or device turned direct I/O down after all: the page cache takes the rest.
        if (!isErrno(error, 'EINVAL')) throw error;
        await this.dropDirect();
      }
    }
    if (done < data.length) await writeAt(this.handle, data.subarray(done), position + done);
  }

  sync(): Promise<void> {
    // One inode: this also makes the direct writes' new extents and size durable.
    return this.handle.sync();
  }

  async close(): Promise<void> {
    const closing = this.dropDirect();
    await this.handle.close();
    await closing;
  }

  private async dropDirect(): Promise<void> {
    const direct = this.direct;
    this.direct = null;
    await direct?.close();
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

export const nodeDownloadFs: DownloadFs = {
  async openPart(path) {
    const handle = await open(path, constants.O_WRONLY | constants.O_CREAT, 0o644);
    return new NodePartFile(handle, await openDirect(path));
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
