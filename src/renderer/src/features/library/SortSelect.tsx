import type { SortKey, SortOrder } from '../../../../shared/api/vocabulary';
import type { LibraryQuery } from '../../../../shared/ipc/models';

export const SORT_OPTIONS: { sort: SortKey; order: SortOrder; label: string }[] = [
  { sort: 'date', order: 'default', label: 'Newest first' },
  { sort: 'date', order: 'reversed', label: 'Oldest first' },
  { sort: 'cost', order: 'default', label: 'Most credits first' },
  { sort: 'cost', order: 'reversed', label: 'Fewest credits first' },
  { sort: 'title', order: 'default', label: 'Title A → Z' },
  { sort: 'title', order: 'reversed', label: 'Title Z → A' },
];

const key = (o: { sort: SortKey; order: SortOrder }) => `${o.sort}:${o.order}`;

export function SortSelect({
  query,
  setQuery,
}: {
  query: LibraryQuery;
  setQuery: (p: Partial<LibraryQuery>) => void;
}) {
  return (
    <label className="field">
      <span className="field-label">Sort</span>
      <select
        aria-label="Sort videos"
        value={key(query)}
        onChange={(e) => {
          const option = SORT_OPTIONS.find((o) => key(o) === e.target.value);
          if (option) setQuery({ sort: option.sort, order: option.order });
        }}
      >
        {SORT_OPTIONS.map((o) => (
          <option key={key(o)} value={key(o)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
