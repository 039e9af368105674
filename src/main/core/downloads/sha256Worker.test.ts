import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acquireSlot, releaseSlot, SLOT_BYTES } from './bodySlots';
import { HashLostError, Sha256Stream, stopSha256WorkerForTests } from './sha256Worker';

function sha256(...parts: Uint8Array[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

describe('the sha256 worker', () => {
  it('hashes shared slots in place and copied buffers, in order', async () => {
    const slot = acquireSlot();
    const stream = new Sha256Stream();
    try {
      const a = randomBytes(SLOT_BYTES);
      const b = randomBytes(1000);
      const c = randomBytes(SLOT_BYTES - 7);
      a.copy(slot);
      await stream.update(slot);
      await stream.update(b);
      // The slot is reused for the next bytes only once the worker has read it.
      c.copy(slot);
      await stream.update(slot.subarray(0, c.length));
      expect(await stream.digest()).toBe(sha256(a, b, c));
      // digest() leaves the stream running.
      await stream.update(b);
      expect(await stream.digest()).toBe(sha256(a, b, c, b));
    } finally {
      stream.close();
      releaseSlot(slot);
    }
  });

  it('keeps concurrent streams apart and starts over on reset', async () => {
    const one = new Sha256Stream();
    const two = new Sha256Stream();
    const x = randomBytes(70_000);
    const y = randomBytes(50_000);
    await Promise.all([one.update(x), two.update(y), one.update(y), two.update(x)]);
    expect(await one.digest()).toBe(sha256(x, y));
    expect(await two.digest()).toBe(sha256(y, x));
    one.reset();
    await one.update(y);
    expect(await one.digest()).toBe(sha256(y));
    expect(await new Sha256Stream().digest()).toBe(sha256());
    one.close();
    two.close();
  });

  it('reports a hash lost with a crashed worker, and works again on a new one', async () => {
    const stream = new Sha256Stream();
    await stream.update(randomBytes(1000));
    await stopSha256WorkerForTests();
    // Any later use fails loudly rather than continuing a hash that no longer has the first bytes.
    await expect(stream.update(randomBytes(10))).rejects.toBeInstanceOf(HashLostError);
    await expect(stream.digest()).rejects.toBeInstanceOf(HashLostError);
    // A reset starts it over on the new worker.
    const bytes = randomBytes(5000);
    stream.reset();
    await stream.update(bytes);
    expect(await stream.digest()).toBe(sha256(bytes));
    stream.close();
  });
});
