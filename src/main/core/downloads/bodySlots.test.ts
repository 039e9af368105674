import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { acquireSlot, releaseSlot, SLOT_BYTES } from './bodySlots';
import { Downloader } from './downloader';
import { FaultServer, writeRandomFile } from './test/faultServer';

// Runs in its own file: the pool is per module, and the second test must start with it empty.

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('body slots', () => {
  it('are shared memory by default, and pooled', () => {
    const a = acquireSlot();
    const b = acquireSlot();
    expect(a.length).toBe(SLOT_BYTES);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(a.buffer).not.toBe(b.buffer);
    releaseSlot(a);
    releaseSlot(a);
    expect(acquireSlot()).toBe(a);
    expect(acquireSlot()).not.toBe(a);
    releaseSlot(b);
  });

  it('fall back to plain memory without WebAssembly, and a download through them still verifies', async () => {
    // Take the pooled ones out, so the download has to make new slots while WebAssembly is gone.
    const pooled = [acquireSlot(), acquireSlot(), acquireSlot()];
    vi.stubGlobal('WebAssembly', undefined);
    const plain = acquireSlot();
    expect(plain.length).toBe(SLOT_BYTES);
    expect(plain.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    releaseSlot(plain);

    const dir = await mkdtemp(join(tmpdir(), 'dl-slots-'));
    const server = new FaultServer(await writeRandomFile(dir, 'source.bin', 3 * SLOT_BYTES + 4321));
    try {
      await server.start();
      await mkdir(join(dir, 'out'));
      const result = await new Downloader().download({
        url: server.url,
        destDir: join(dir, 'out'),
        fileName: 'video.mp4',
        expected: { bytes: server.file.bytes, sha256: server.file.sha256 },
      });
      const written = createHash('sha256')
        .update(await readFile(result.path))
        .digest('hex');
      expect(written).toBe(server.file.sha256);
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
      for (const slot of pooled) releaseSlot(slot);
    }
  });
});
