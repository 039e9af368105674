import type { ReactNode } from 'react';
import type { LibraryQuery, Settings } from '../../../../shared/ipc/models';
import { Icon } from '../../lib/icons';
import { SearchBox } from './SearchBox';
import { SortSelect } from './SortSelect';
import { StatusFilter } from './StatusFilter';
import { TagFilter } from './TagFilter';
import { SegmentedChoice } from './SegmentedChoice';
import { ViewModeToggle } from './ViewModeToggle';

const DENSITY_OPTIONS = [
  { value: 'comfortable', label: 'Comfortable', description: 'Comfortable density' },
  { value: 'compact', label: 'Compact', description: 'Compact density: smaller cards, more on screen' },
] as const satisfies readonly { value: Settings['density']; label: string; description: string }[];
const PAGING_OPTIONS = [
  { value: 'infinite', label: 'Scroll', description: 'Continuous scrolling' },
  { value: 'pages', label: 'Pages', description: 'Numbered pages' },
] as const satisfies readonly { value: Settings['paginationMode']; label: string; description: string }[];
import './header.css';

interface HeaderProps {
  query: LibraryQuery;
  setQuery: (patch: Partial<LibraryQuery>) => void;
  viewMode: Settings['viewMode'];
  onViewMode: (mode: Settings['viewMode']) => void;
  density: Settings['density'];
  paginationMode: Settings['paginationMode'];
  /** Saves a display setting (density, paging) chosen on the page. */
  onDisplay: (patch: Pick<Partial<Settings>, 'density' | 'paginationMode'>) => void;
  onOpenHelp: () => void;
  onOpenSettings: () => void;
  /** Extra tools before Help (the downloads toggle). */
  tools?: ReactNode;
}

export function Header({
  query,
  setQuery,
  viewMode,
  onViewMode,
  density,
  paginationMode,
  onDisplay,
  onOpenHelp,
  onOpenSettings,
  tools,
}: HeaderProps) {
  return (
    <header className="page-header">
      <div className="header-top">
        {/* A subtitle, not a breadcrumb: the app has no page above this one, and a "Home" crumb that
            leads nowhere looked clickable (issue 13, defect 7). */}
        <div>
          <h1 className="page-title">My Videos</h1>
          <p className="page-subtitle">Everything you generated with AIASMR: status, credits and downloads</p>
        </div>
        <div className="display-choices">
          <SegmentedChoice
            label="Paging"
            options={PAGING_OPTIONS}
            value={paginationMode}
            onChange={(mode) => onDisplay({ paginationMode: mode })}
          />
          <SegmentedChoice
            label="Density"
            options={DENSITY_OPTIONS}
            value={density}
            onChange={(d) => onDisplay({ density: d })}
          />
          <ViewModeToggle value={viewMode} onChange={onViewMode} />
        </div>
        <div className="header-tools">
          {tools}
          <button
            type="button"
            className="icon-button"
            aria-label="Help and FAQ"
            title="Help and FAQ"
            onClick={onOpenHelp}
          >
            <Icon name="help" />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Settings"
            title="Settings"
            onClick={onOpenSettings}
          >
            <Icon name="settings" />
          </button>
        </div>
      </div>
      <div className="toolbar" role="toolbar" aria-label="Sort and filter">
        <SearchBox value={query.search} onChange={(search) => setQuery({ search })} />
        <SortSelect query={query} setQuery={setQuery} />
        <StatusFilter value={query.statuses} onChange={(statuses) => setQuery({ statuses })} />
        <TagFilter tags={query.tags} match={query.tagMatch} onChange={(patch) => setQuery(patch)} />
      </div>
    </header>
  );
}
