import { useState } from 'react';
import type { Settings, SettingsPatch } from '../../../../shared/ipc/models';
import { useApi } from '../../app/ApiContext';
import { Modal } from '../../components/Modal';
import { formatBytes } from '../../lib/format';
import { errorMessage, unwrap } from '../../lib/result';
import { useToasts } from '../toasts/ToastProvider';
import { Choice, TextSetting, checkServerUrl, wholeNumberIn } from './SettingFields';
import './settings.css';

// Listed here rather than imported from models.ts, which would pull zod into the page's first chunk.
const PAGINATION_MODES = ['pages', 'infinite'] as const satisfies readonly Settings['paginationMode'][];
const THEMES = ['system', 'light', 'dark'] as const satisfies readonly Settings['theme'][];
const VIEW_MODES = ['auto', 'grid', 'list'] as const satisfies readonly Settings['viewMode'][];

const PAGE_SIZES = [24, 48, 96, 200];
// The same bounds as SettingsSchema (models.ts), checked here so that a mistake is explained at once.
const CONCURRENCY = [1, 2, 3, 4, 5, 6, 7, 8];
const BANDWIDTH_MAX_KBPS = 10_000_000;
const CACHE_MIN_MB = 50;
const CACHE_MAX_MB = 100_000;

const PAGINATION_LABELS: Record<Settings['paginationMode'], string> = {
  pages: 'Numbered pages with “Load More”',
  infinite: 'Continuous scrolling',
};
const THEME_LABELS: Record<Settings['theme'], string> = {
  system: 'Follow the system',
  light: 'Light',
  dark: 'Dark',
};
const VIEW_LABELS: Record<Settings['viewMode'], string> = {
  auto: 'Auto (by window width)',
  grid: 'Grid',
  list: 'List',
};

interface SettingsDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  settings: Settings;
  /** Saves a change; rejects with the core's refusal (an IpcCallError), which the dialog shows. */
  onChange: (patch: SettingsPatch) => Promise<void>;
  /** Where the focus goes when the dialog closes (see Modal). */
  onCloseAutoFocus?: (event: Event) => void;
}

export function SettingsDialog({
  open,
  onOpenChange,
  settings,
  onChange,
  onCloseAutoFocus,
}: SettingsDialogProps) {
  const api = useApi();
  const { show } = useToasts();
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [clearing, setClearing] = useState(false);

  // Choices cannot be mistyped, so only a refusal from the core (or a broken connection) can fail them.
  const choose = (patch: SettingsPatch) => {
    setChoiceError(null);
    onChange(patch).catch((e: unknown) => setChoiceError(errorMessage(e)));
  };

  const chooseFolder = async () => {
    setPicking(true);
    setPickError(null);
    try {
      // The core saves the chosen folder itself and announces the new settings.
      unwrap(await api['dialog:pickFolder']({}));
    } catch (e) {
      setPickError(errorMessage(e));
    } finally {
      setPicking(false);
    }
  };

  const clearCache = async () => {
    setClearing(true);
    try {
      const { bytesFreed } = unwrap(await api['media:clearCache']({}));
      show('success', `Media cache cleared: ${formatBytes(bytesFreed)} freed.`);
    } catch (e) {
      show('error', `Could not clear the media cache: ${errorMessage(e)}`);
    } finally {
      setClearing(false);
    }
  };

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Settings"
      description="Saved on this computer and kept across restarts."
      wide
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <fieldset className="settings-group">
        <legend>Account</legend>
        <TextSetting
          label="Server address"
          value={settings.serverUrl}
          inputMode="url"
          hint="Changing the server signs you out of the current one; each server keeps its own cached library."
          check={checkServerUrl}
          save={(serverUrl) => onChange({ serverUrl })}
        />
      </fieldset>

      <fieldset className="settings-group">
        <legend>Downloads</legend>
        <TextSetting
          label="Download folder"
          value={settings.downloadDir}
          check={(dir) => (dir === '' ? 'Enter the folder that downloads are saved to.' : null)}
          save={(downloadDir) => onChange({ downloadDir })}
          outsideError={pickError}
          extra={
            <button type="button" className="button" disabled={picking} onClick={() => void chooseFolder()}>
              Choose…
            </button>
          }
        />
        <label className="settings-select">
          <span>Downloads at the same time</span>
          <select
            value={settings.downloadConcurrency}
            onChange={(e) => choose({ downloadConcurrency: Number(e.target.value) })}
          >
            {CONCURRENCY.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <TextSetting
          label="Bandwidth limit (KB/s)"
          value={String(settings.bandwidthLimitKBps)}
          inputMode="numeric"
          hint="0 means unlimited."
          check={wholeNumberIn(0, BANDWIDTH_MAX_KBPS, 'the limit in KB/s')}
          save={(text) => onChange({ bandwidthLimitKBps: Number(text) })}
        />
        <label className="settings-option">
          <input
            type="checkbox"
            checked={settings.writeSidecar}
            onChange={(e) => choose({ writeSidecar: e.target.checked })}
          />
          Save a JSON file with each video’s details next to it
        </label>
      </fieldset>

      <fieldset className="settings-group">
        <legend>Media cache</legend>
        <TextSetting
          label="Cache size (MB)"
          value={String(settings.mediaCacheMb)}
          inputMode="numeric"
          hint="Thumbnails and previews kept on this computer."
          check={wholeNumberIn(CACHE_MIN_MB, CACHE_MAX_MB, 'the size in MB')}
          save={(text) => onChange({ mediaCacheMb: Number(text) })}
          extra={
            <button type="button" className="button" disabled={clearing} onClick={() => void clearCache()}>
              Clear cache
            </button>
          }
        />
      </fieldset>

      <Choice
        legend="Browsing"
        name="paginationMode"
        options={PAGINATION_MODES}
        labels={PAGINATION_LABELS}
        value={settings.paginationMode}
        onChange={(paginationMode) => choose({ paginationMode })}
      />
      <label className="settings-select">
        <span>Videos per page (numbered pages)</span>
        <select value={settings.pageSize} onChange={(e) => choose({ pageSize: Number(e.target.value) })}>
          {[...new Set([...PAGE_SIZES, settings.pageSize])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
        </select>
      </label>
      <Choice
        legend="View"
        name="viewMode"
        options={VIEW_MODES}
        labels={VIEW_LABELS}
        value={settings.viewMode}
        onChange={(viewMode) => choose({ viewMode })}
      />
      <Choice
        legend="Theme"
        name="theme"
        options={THEMES}
        labels={THEME_LABELS}
        value={settings.theme}
        onChange={(theme) => choose({ theme })}
      />
      {choiceError ? (
        <p className="settings-error" role="alert">
          Could not save the setting: {choiceError}
        </p>
      ) : null}
    </Modal>
  );
}
