import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useApi } from '../../app/ApiContext';
import { DownloadsStore, type DownloadsSnapshot } from './downloadsStore';

const DownloadsContext = createContext<DownloadsStore | null>(null);

/** One download store for the signed-in page: started on mount, torn down on unmount. */
export function DownloadsProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [store] = useState(() => new DownloadsStore(api));
  useEffect(() => store.start(), [store]);
  return <DownloadsContext.Provider value={store}>{children}</DownloadsContext.Provider>;
}

export function useDownloadsStore(): DownloadsStore {
  const store = useContext(DownloadsContext);
  if (!store) throw new Error('useDownloadsStore must be used inside <DownloadsProvider>');
  return store;
}

/** The queue as last published (re-renders at most every FLUSH_EVERY_MS). */
export function useDownloads(): DownloadsSnapshot {
  const store = useDownloadsStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
