import { useEffect, useId, useRef, useState } from 'react';
import { TRIGGER_TAGS, type TagMatch, type TriggerTag } from '../../../../shared/api/vocabulary';
import { useApi } from '../../app/ApiContext';
import { useApiEvent } from '../../lib/useEvent';

interface TagFilterProps {
  tags: TriggerTag[];
  match: TagMatch;
  onChange: (patch: { tags?: TriggerTag[]; tagMatch?: TagMatch }) => void;
}

/** Several trigger/category tags at once, matching any or all of them, with how many videos carry each. */
export function TagFilter({ tags, match, onChange }: TagFilterProps) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [counts, setCounts] = useState<Partial<Record<TriggerTag, number>>>({});
  const [stamp, setStamp] = useState(0);
  const panelId = useId();
  const root = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    if (!open) return;
    let live = true;
    // Counts are a hint: without them the tags still filter.
    void api['library:tagCounts']({}).then(
      (r) => live && r.ok && setCounts(r.value),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, open, stamp]);
  useApiEvent('library:changed', () => open && setStamp((n) => n + 1));

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (root.current && e.target instanceof Node && !root.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const label = tags.length === 0 ? 'All tags' : tags.length <= 2 ? tags.join(', ') : `${tags.length} tags`;
  return (
    <div
      className="tag-filter"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          root.current?.querySelector<HTMLButtonElement>('button')?.focus();
        }
      }}
    >
      <button
        type="button"
        className={`chip chip-menu${tags.length ? ' is-active' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Filter by tag: ${label}`}
        onClick={() => setOpen((o) => !o)}
      >
        Tags: {label} <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <div className="tag-panel" id={panelId} role="group" aria-label="Tags">
          <fieldset className="tag-match">
            <legend>Match</legend>
            {(['any', 'all'] as const).map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name={`${panelId}-match`}
                  checked={match === m}
                  onChange={() => onChange({ tagMatch: m })}
                />
                {m === 'any' ? 'Any selected tag' : 'All selected tags'}
              </label>
            ))}
          </fieldset>
          <div className="tag-grid">
            {TRIGGER_TAGS.map((tag) => {
              const on = tags.includes(tag);
              return (
                <label key={tag} className="tag-option">
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={() => onChange({ tags: on ? tags.filter((t) => t !== tag) : [...tags, tag] })}
                  />
                  <span>{tag}</span>
                  {counts[tag] !== undefined ? <span className="tag-count">{counts[tag]}</span> : null}
                </label>
              );
            })}
          </div>
          {tags.length ? (
            <button type="button" className="link-button" onClick={() => onChange({ tags: [] })}>
              Clear tags
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
