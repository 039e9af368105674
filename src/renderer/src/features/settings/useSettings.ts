import { useCallback, useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '../../../../shared/ipc/models';
import { useApi } from '../../app/ApiContext';
import { useApiEvent } from '../../lib/useEvent';
import { errorMessage, unwrap } from '../../lib/result';

export interface SettingsState {
  settings: Settings | null;
  error: string | null;
  update: (patch: SettingsPatch) => Promise<void>;
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

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { settings, error, update, reload };
}
