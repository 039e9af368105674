import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryQuery } from '../../../../shared/ipc/models';
import { useApi } from '../../app/ApiContext';
import { useApiEvent } from '../../lib/useEvent';
import { errorMessage, unwrap } from '../../lib/result';

const IDS_LIMIT = 200_000;

export interface Selection {
  selected: ReadonlySet<number>;
  isSelected: (id: number) => boolean;
  /** Click on a checkbox: toggles one, or with shift selects the range from the last click. */
  toggle: (index: number, id: number, shift: boolean) => Promise<void>;
  selectAll: () => Promise<void>;
  clear: () => void;
  /** Drops ids that no longer match (deleted, or filtered out). */
  prune: () => Promise<void>;
}

/**
 * Selection is a set of video ids kept outside the virtualized grid, so it survives scrolling, paging
 * and live updates. Ranges and "select all" ask the core for ids rather than reading loaded rows, so
 * they are right even for rows never rendered.
 */
export function useSelection(query: LibraryQuery, onError: (message: string) => void): Selection {
  const api = useApi();
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const anchor = useRef<number | null>(null);
  const queryRef = useRef(query);
  const selectedRef = useRef(selected);
  useEffect(() => {
    queryRef.current = query;
    selectedRef.current = selected;
  });

  const idsInRange = useCallback(
    async (offset: number, limit: number) =>
      unwrap(await api['library:ids']({ query: queryRef.current, offset, limit: Math.min(limit, IDS_LIMIT) }))
        .ids,
    [api],
  );

  const toggle = useCallback(
    async (index: number, id: number, shift: boolean) => {
      if (shift && anchor.current !== null && anchor.current !== index) {
        const from = Math.min(anchor.current, index);
        const to = Math.max(anchor.current, index);
        try {
          const ids = await idsInRange(from, to - from + 1);
          setSelected((current) => new Set([...current, ...ids]));
        } catch (e) {
          onError(`Could not select the range: ${errorMessage(e)}`);
        }
      } else {
        setSelected((current) => {
          const next = new Set(current);
          if (next.has(id)) next.delete(id);
          else next.add(id);
          return next;
        });
      }
      anchor.current = index;
    },
    [idsInRange, onError],
  );

  const selectAll = useCallback(async () => {
    try {
      const ids = await idsInRange(0, IDS_LIMIT);
      setSelected(new Set(ids));
    } catch (e) {
      onError(`Could not select all videos: ${errorMessage(e)}`);
    }
  }, [idsInRange, onError]);

  const clear = useCallback(() => {
    anchor.current = null;
    setSelected(new Set());
  }, []);

  const prune = useCallback(async () => {
    if (selectedRef.current.size === 0) return;
    try {
      const present = new Set(await idsInRange(0, IDS_LIMIT));
      setSelected((current) => {
        const next = new Set([...current].filter((id) => present.has(id)));
        return next.size === current.size ? current : next;
      });
    } catch {
      // Keep the selection as it is: the next change or query will prune again.
    }
  }, [idsInRange]);

  const queryKey = JSON.stringify(query);
  useEffect(() => {
    anchor.current = null;
    void prune();
  }, [queryKey, prune]);
  useApiEvent('library:changed', ({ ids }) => {
    // Only a change to a selected video can take it out of the selection.
    if (ids && !ids.some((id) => selectedRef.current.has(id))) return;
    void prune();
  });

  const isSelected = useCallback((id: number) => selected.has(id), [selected]);
  return { selected, isSelected, toggle, selectAll, clear, prune };
}
