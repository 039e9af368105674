interface Option<T extends string> {
  value: T;
  label: string;
  /** Longer words for assistive tech and the tooltip. */
  description: string;
}

/** A small group of pressed/unpressed buttons for one display setting (density, paging). */
export function SegmentedChoice<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: readonly Option<T>[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <div className="segmented segmented-plain" role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          aria-label={o.description}
          title={o.description}
          onClick={() => onChange(o.value)}
        >
          <span>{o.label}</span>
        </button>
      ))}
    </div>
  );
}
