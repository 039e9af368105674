// A running download's live state: bytes, smoothed speed, and when progress was last written and
// pushed. Kept in memory; the database gets the bytes every few seconds.

export interface Running {
  controller: AbortController;
  bytesDone: number;
  speedBps: number | null;
  lastSampleAt: number;
  lastSampleBytes: number;
  lastEmit: number;
  lastPersist: number;
  done: Promise<void>;
}

const SAMPLE_MS = 500;
const PERSIST_MS = 2000;

export function startRunning(bytesDone: number, now: number): Running {
  return {
    controller: new AbortController(),
    bytesDone,
    speedBps: null,
    lastSampleAt: now,
    lastSampleBytes: bytesDone,
    lastEmit: 0,
    lastPersist: now,
    done: Promise.resolve(),
  };
}

/** Records `done` bytes; says whether to write them to the database and whether to push an update. */
export function recordProgress(
  entry: Running,
  done: number,
  now: number,
  emitEveryMs: number,
): { persist: boolean; emit: boolean } {
  entry.bytesDone = done;
  const dt = now - entry.lastSampleAt;
  if (dt >= SAMPLE_MS) {
    const rate = ((done - entry.lastSampleBytes) * 1000) / dt;
    // Smoothed so the time left does not jump with every burst.
    entry.speedBps = entry.speedBps === null ? rate : entry.speedBps * 0.7 + rate * 0.3;
    entry.lastSampleAt = now;
    entry.lastSampleBytes = done;
  }
  const persist = now - entry.lastPersist >= PERSIST_MS;
  if (persist) entry.lastPersist = now;
  const emit = now - entry.lastEmit >= emitEveryMs;
  if (emit) entry.lastEmit = now;
  return { persist, emit };
}
