import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { LibraryQuery, LibraryVideo } from '../../../../shared/ipc/models';
import { useApi } from '../../app/ApiContext';
import { useApiEvent } from '../../lib/useEvent';
import { errorMessage } from '../../lib/result';

export const BLOCK_SIZE = 100;
/** While the range keeps moving (a fast scroll), reads go out at most this often, for the latest range. */
const FETCH_EVERY_MS = 80;
/** Blocks kept in memory; the farthest from the visible range are dropped first. */
const MAX_BLOCKS = 24;

interface Block {
  items: LibraryVideo[];
  /** The refresh generation this block was read at; older than `refresh` means stale. */
  seq: number;
}

export interface LibraryData {
  /** Videos matching the query, or null while the first count is in flight. */
  total: number | null;
  error: string | null;
  /** The video at an absolute index of the query's results, if its block is loaded. */
  itemAt: (index: number) => LibraryVideo | undefined;
  /** The visible range (inclusive, absolute indexes): loads what is missing or stale. */
  requestRange: (first: number, last: number) => void;
  retry: () => void;
  revision: number;
}

/**
 * Reads the library in blocks around what is on screen: the renderer never holds the whole library.
 * A `library:changed` event marks every block stale and re-reads the visible ones (stale rows stay on
 * screen until their fresh copy arrives, so nothing flickers), and reports status changes.
 */
export function useLibraryData(
  query: LibraryQuery,
  onStatusChange?: (before: LibraryVideo, after: LibraryVideo) => void,
): LibraryData {
  const api = useApi();
  const queryKey = JSON.stringify(query);
  const queryRef = useRef(query);
  const generation = useRef(0);
  const refresh = useRef(0);
  const blocks = useRef(new Map<number, Block>());
  const inflight = useRef(new Map<number, number>());
  const range = useRef<[number, number]>([0, 0]);
  const statusRef = useRef(onStatusChange);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, bump] = useReducer((n: number) => n + 1, 0);

  useEffect(() => {
    statusRef.current = onStatusChange;
  });

  const evict = useCallback(() => {
    if (blocks.current.size <= MAX_BLOCKS) return;
    const centre = Math.floor((range.current[0] + range.current[1]) / 2 / BLOCK_SIZE);
    const far = [...blocks.current.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const b of far.slice(0, blocks.current.size - MAX_BLOCKS)) blocks.current.delete(b);
  }, []);

  const ensure = useCallback(() => {
    const [first, last] = range.current;
    const gen = generation.current;
    const seq = refresh.current;
    for (let b = Math.floor(first / BLOCK_SIZE); b <= Math.floor(last / BLOCK_SIZE); b++) {
      const have = blocks.current.get(b);
      if (have && have.seq >= seq) continue;
      if (inflight.current.get(b) === seq) continue;
      inflight.current.set(b, seq);
      api['library:page']({ query: queryRef.current, offset: b * BLOCK_SIZE, limit: BLOCK_SIZE }).then(
        (result) => {
          if (gen !== generation.current) return;
          if (inflight.current.get(b) === seq) inflight.current.delete(b);
          if (!result.ok) {
            setError(result.error.message);
            return;
          }
          const previous = blocks.current.get(b);
          if (previous && previous.seq > seq) return;
          if (previous && statusRef.current) {
            const before = new Map(previous.items.map((v) => [v.id, v]));
            for (const after of result.value.items) {
              const old = before.get(after.id);
              if (old && old.status !== after.status) statusRef.current(old, after);
            }
          }
          blocks.current.set(b, { items: result.value.items, seq });
          setTotal(result.value.total);
          evict();
          bump();
          // A change may have landed while this block was in flight.
          if (seq < refresh.current) ensure();
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          inflight.current.delete(b);
          setError(errorMessage(e));
        },
      );
    }
  }, [api, evict]);

  const count = useCallback(() => {
    const gen = generation.current;
    api['library:count']({ query: queryRef.current }).then(
      (result) => {
        if (gen !== generation.current) return;
        if (result.ok) setTotal(result.value.total);
        else setError(result.error.message);
      },
      (e: unknown) => gen === generation.current && setError(errorMessage(e)),
    );
  }, [api]);

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    queryRef.current = JSON.parse(queryKey) as LibraryQuery;
    generation.current += 1;
    blocks.current.clear();
    inflight.current.clear();
    setTotal(null);
    setError(null);
    count();
    ensure();
    bump();
  }, [queryKey, count, ensure, attempt]);

  useApiEvent('library:changed', () => {
    refresh.current += 1;
    count();
    ensure();
  });

  const lastEnsure = useRef(0);
  const ensureTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const requestRange = useCallback(
    (first: number, last: number) => {
      range.current = [Math.max(0, first), Math.max(0, last)];
      if (ensureTimer.current) return;
      const wait = lastEnsure.current + FETCH_EVERY_MS - performance.now();
      const run = () => {
        ensureTimer.current = null;
        lastEnsure.current = performance.now();
        ensure();
      };
      if (wait <= 0) run();
      else ensureTimer.current = setTimeout(run, wait);
    },
    [ensure],
  );
  useEffect(
    () => () => {
      if (ensureTimer.current) clearTimeout(ensureTimer.current);
    },
    [],
  );

  const itemAt = useCallback((index: number) => {
    const block = blocks.current.get(Math.floor(index / BLOCK_SIZE));
    return block?.items[index % BLOCK_SIZE];
    // `revision` is what makes readers re-render when blocks arrive.
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { total, error, itemAt, requestRange, retry, revision };
}
