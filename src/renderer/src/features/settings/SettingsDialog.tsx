import type { Settings, SettingsPatch } from '../../../../shared/ipc/models';
import { Modal } from '../../components/Modal';

// Listed here rather than imported from models.ts, which would pull zod into the page's first chunk.
const PAGINATION_MODES = ['pages', 'infinite'] as const satisfies readonly Settings['paginationMode'][];
const THEMES = ['system', 'light', 'dark'] as const satisfies readonly Settings['theme'][];
const VIEW_MODES = ['auto', 'grid', 'list'] as const satisfies readonly Settings['viewMode'][];

const PAGE_SIZES = [24, 48, 96, 200];

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
  onChange: (patch: SettingsPatch) => void;
}

function Choice<T extends string>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="settings-group">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o} className="settings-option">
          <input
            type="radio"
            name={props.name}
            checked={props.value === o}
            onChange={() => props.onChange(o)}
          />
          {props.labels[o]}
        </label>
      ))}
    </fieldset>
  );
}

export function SettingsDialog({ open, onOpenChange, settings, onChange }: SettingsDialogProps) {
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Settings"
      description="Saved on this computer and kept across restarts."
    >
      <Choice
        legend="Browsing"
        name="paginationMode"
        options={PAGINATION_MODES}
        labels={PAGINATION_LABELS}
        value={settings.paginationMode}
        onChange={(paginationMode) => onChange({ paginationMode })}
      />
      <label className="settings-select">
        <span>Videos per page (numbered pages)</span>
        <select value={settings.pageSize} onChange={(e) => onChange({ pageSize: Number(e.target.value) })}>
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
        onChange={(viewMode) => onChange({ viewMode })}
      />
      <Choice
        legend="Theme"
        name="theme"
        options={THEMES}
        labels={THEME_LABELS}
        value={settings.theme}
        onChange={(theme) => onChange({ theme })}
      />
    </Modal>
  );
}
