// Small inline icons (stroke-based, 20×20), decorative: the controls that use them carry the names.
const paths = {
  play: 'M7 4.5v11l9-5.5z',
  download: 'M10 3v10m0 0-4-4m4 4 4-4M4 16h12',
  regenerate: 'M16 10a6 6 0 1 1-1.8-4.3M16 3v4h-4',
  trash: 'M4 6h12M8 6V4h4v2m-6 0 1 10h6l1-10',
  grid: 'M3 3h6v6H3zM11 3h6v6h-6zM3 11h6v6H3zM11 11h6v6h-6z',
  list: 'M3 5h14M3 10h14M3 15h14',
  search: 'M9 15a6 6 0 1 0 0-12 6 6 0 0 0 0 12zm4.5-1.5L17 17',
  coin: 'M10 17a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM10 6v8M7.5 8.5h4a1.5 1.5 0 0 1 0 3h-3a1.5 1.5 0 0 0 0 3h4',
  help: 'M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM7.8 7.5a2.3 2.3 0 1 1 3 2.2c-.5.2-.8.7-.8 1.3v.5M10 14h.01',
  close: 'M5 5l10 10M15 5 5 15',
  settings:
    'M10 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM16 10l1.5-1-1.5-3-1.8.4-1.2-1L12.5 3h-5L7 5.4l-1.2 1L4 6 2.5 9 4 10l-1.5 1L4 14l1.8-.4 1.2 1 .5 2.4h5l.5-2.4 1.2-1 1.8.4 1.5-3z',
  offline: 'M2 2l16 16M5 9.5a8 8 0 0 1 3-1.8M12 7.6a8 8 0 0 1 3.6 2M8 13a3 3 0 0 1 4 0M10 16h.01',
  check: 'M4 10l4 4 8-8',
  alert: 'M10 3l8 14H2zM10 8v4M10 15h.01',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={paths[name]} fill={name === 'play' ? 'currentColor' : 'none'} />
    </svg>
  );
}
