import type { Settings } from '../../../../shared/ipc/models';
import { Icon, type IconName } from '../../lib/icons';

const MODES: { value: Settings['viewMode']; label: string; icon: IconName | null }[] = [
  { value: 'auto', label: 'Auto', icon: null },
  { value: 'grid', label: 'Grid', icon: 'grid' },
  { value: 'list', label: 'List', icon: 'list' },
];

/** Grid, list, or auto (list on narrow windows, grid otherwise); kept in settings. */
export function ViewModeToggle({
  value,
  onChange,
}: {
  value: Settings['viewMode'];
  onChange: (v: Settings['viewMode']) => void;
}) {
  return (
    <div className="segmented" role="group" aria-label="View">
      {MODES.map((m) => (
        <button
          key={m.value}
          type="button"
          aria-pressed={value === m.value}
          aria-label={`${m.label} view`}
          title={m.value === 'auto' ? 'Grid or list depending on the window width' : `${m.label} view`}
          onClick={() => onChange(m.value)}
        >
          {m.icon ? <Icon name={m.icon} size={16} /> : null}
          <span>{m.label}</span>
        </button>
      ))}
    </div>
  );
}
