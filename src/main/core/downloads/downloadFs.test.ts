import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireSlot, releaseSlot, SLOT_BYTES } from './bodySlots';
import { DIRECT_BLOCK, openDirect } from './directIo';
import { nodeDownloadFs } from './downloadFs';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dl-fs-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `data` at `position` through a part file, from a slot (page-aligned memory). */
async function writeFromSlot(path: string, data: Buffer, position: number): Promise<void> {
  const slot = acquireSlot();
  const file = await nodeDownloadFs.openPart(path);
  try {
    data.copy(slot);
    await file.write(slot.subarray(0, data.length), position);
    await file.sync();
  } finally {
    await file.close();
    releaseSlot(slot);
  }
}

describe('part files', () => {
  it('use direct I/O on ext4 and XFS, and the page cache elsewhere', async () => {
    const path = join(dir, 'probe.part');
    await (await nodeDownloadFs.openPart(path)).close();
    const direct = await openDirect(path);
    const { type } = await statfs(dir);
    const expected = process.platform === 'linux' && (type === 0xef53 || type === 0x58465342);
    expect(direct !== null).toBe(expected);
    await direct?.close();
  });

  it('write exact bytes for aligned, unaligned and short writes, resuming anywhere', async () => {
    const path = join(dir, 'video.mp4.part');
    const content = randomBytes(3 * SLOT_BYTES + 12_345);
    // A whole slot at 0, then a resume at an odd byte (one batch back to a block boundary), then a
    // full aligned slot, then a tail shorter than a block.
    const cuts = [0, SLOT_BYTES, SLOT_BYTES + 777, 2 * SLOT_BYTES, 3 * SLOT_BYTES, content.length - 100];
    for (let i = 0; i < cuts.length; i++) {
      const from = cuts[i] ?? 0;
      const to = cuts[i + 1] ?? content.length;
      await writeFromSlot(path, content.subarray(from, to), from);
    }
    expect((await readFile(path)).equals(content)).toBe(true);
  });

  it('takes memory that is not page-aligned too, through the page cache', async () => {
    const path = join(dir, 'video.mp4.part');
    const content = randomBytes(4 * DIRECT_BLOCK + 3);
    // Three bytes into a fresh buffer: never aligned, so a direct write is refused (EINVAL) and the
    // file falls back to the page cache for this write and the next ones.
    const misaligned = Buffer.alloc(content.length + 3).subarray(3);
    content.copy(misaligned);
    const file = await nodeDownloadFs.openPart(path);
    try {
      await file.write(misaligned.subarray(0, 2 * DIRECT_BLOCK), 0);
      await file.write(misaligned.subarray(2 * DIRECT_BLOCK), 2 * DIRECT_BLOCK);
      await file.sync();
    } finally {
      await file.close();
    }
    expect((await readFile(path)).equals(content)).toBe(true);
  });
});
