import { useEffect, useRef, useState } from 'react';
import { Icon } from '../../lib/icons';

const SEARCH_DELAY_MS = 200;

/** Search over titles and prompts; applied after a short pause in typing. */
export function SearchBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  // Follow outside changes (for example "Clear filters").
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    setText(value);
  }
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return (
    <div className="search">
      <Icon name="search" size={16} />
      <input
        type="search"
        aria-label="Search titles and prompts"
        placeholder="Search titles and prompts"
        value={text}
        maxLength={200}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => latest.current(next), SEARCH_DELAY_MS);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            if (timer.current) clearTimeout(timer.current);
            latest.current(text);
          }
        }}
      />
    </div>
  );
}
