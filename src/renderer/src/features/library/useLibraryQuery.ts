import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryQuery, ViewStatePatch } from '../../../../shared/ipc/models';

const SAVE_DELAY_MS = 400;

export function isFiltered(query: LibraryQuery): boolean {
  return query.statuses.length > 0 || query.tags.length > 0 || query.search.trim() !== '';
}

/**
 * The current view (sort, filters, search), starting from the one saved last and saved back
 * (debounced, so typing a search does not write on every key) to be restored at the next start.
 */
export function useLibraryQuery(initial: LibraryQuery, save: (patch: ViewStatePatch) => Promise<void>) {
  const [query, setQueryState] = useState<LibraryQuery>(initial);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });

  const setQuery = useCallback((patch: Partial<LibraryQuery>) => {
    setQueryState((current) => {
      const next = { ...current, ...patch };
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        // A failed save only costs the restored view at next start; the page keeps working.
        saveRef.current({ lastQuery: next }).catch(() => undefined);
      }, SAVE_DELAY_MS);
      return next;
    });
  }, []);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const clearFilters = useCallback(() => setQuery({ statuses: [], tags: [], search: '' }), [setQuery]);
  return { query, setQuery, clearFilters };
}
