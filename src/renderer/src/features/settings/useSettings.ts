import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryQuery, Settings, SettingsPatch, ViewStatePatch } from '../../../../shared/ipc/models';
import { useApi } from '../../app/ApiContext';
import { useApiEvent } from '../../lib/useEvent';
import { errorMessage, unwrap } from '../../lib/result';

export interface SettingsState {
  settings: Settings | null;
  error: string | null;
  update: (patch: SettingsPatch) => Promise<void>;
  /**
   * Saves the library's view through `view:set`. The view mode and paging mode change the page, so they
   * update the settings held here; the last query lives in the page, so saving it renders nothing (it is
   * taken into the settings held here at the next commitView, before a new page starts from it).
   */
  updateView: (patch: ViewStatePatch) => Promise<void>;
  /** Takes a saved last query into the settings held here (called as the session changes). */
  commitView: () => void;
  reload: () => void;
}

export function useSettings(): SettingsState {
  const api = useApi();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    api['settings:get']({}).then(
      (result) => {
        if (!live) return;
        if (result.ok) {
          setSettings(result.value);
          setError(null);
        } else setError(result.error.message);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  useApiEvent('settings:changed', setSettings);

  const update = useCallback(
    async (patch: SettingsPatch) => {
      // Optimistic, so a toggle responds at once; the core's answer (or event) is the final word.
      setSettings((current) => (current ? { ...current, ...patch } : current));
      const result = await api['settings:set'](patch);
      if (!result.ok) {
        // Refused: show the settings the core kept again, not the optimistic value.
        const kept = await api['settings:get']({});
        if (kept.ok) setSettings(kept.value);
      }
      setSettings(unwrap(result));
    },
    [api],
  );

  const savedQuery = useRef<LibraryQuery | null>(null);
  const updateView = useCallback(
    async ({ lastQuery, ...shown }: ViewStatePatch) => {
      if (Object.keys(shown).length > 0)
        setSettings((current) => (current ? { ...current, ...shown } : current));
      const result = await api['view:set']({ lastQuery, ...shown });
      if (!result.ok) {
        const kept = await api['settings:get']({});
        if (kept.ok) setSettings(kept.value);
      }
      const saved = unwrap(result);
      if (lastQuery) savedQuery.current = saved.lastQuery;
    },
    [api],
  );
  const commitView = useCallback(() => {
    const lastQuery = savedQuery.current;
    savedQuery.current = null;
    if (lastQuery) setSettings((current) => (current ? { ...current, lastQuery } : current));
  }, []);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { settings, error, update, updateView, commitView, reload };
}
