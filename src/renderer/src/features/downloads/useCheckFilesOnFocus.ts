import { useEffect } from 'react';
import { useApi } from '../../app/ApiContext';

/** A burst of focus and visibility events (alt-tabbing around) checks the disk once. */
export const CHECK_FILES_EVERY_MS = 2000;

/**
 * Asks the core to check that downloaded files are still on disk: when the page starts and whenever the
 * window comes back (focus, or the tab becomes visible), at most once per CHECK_FILES_EVERY_MS with a
 * trailing check so the last return is never skipped. The core announces changed videos with
 * `library:changed`, which refreshes their cards.
 */
export function useCheckFilesOnFocus(): void {
  const api = useApi();
  useEffect(() => {
    let last = -Infinity;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const check = () => {
      timer = null;
      last = performance.now();
      // A failure here (signed out, offline core) is not the user's concern: the next return retries.
      void api['downloads:checkFiles']({}).catch(() => undefined);
    };
    const request = () => {
      if (stopped || timer) return;
      const wait = last + CHECK_FILES_EVERY_MS - performance.now();
      if (wait <= 0) check();
      else timer = setTimeout(check, wait);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') request();
    };
    request();
    window.addEventListener('focus', request);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      window.removeEventListener('focus', request);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [api]);
}
