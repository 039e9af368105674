import type { ReactNode } from 'react';
import type { LibraryQuery, Settings } from '../../../../shared/ipc/models';
import { Icon } from '../../lib/icons';
import { SearchBox } from './SearchBox';
import { SortSelect } from './SortSelect';
import { StatusFilter } from './StatusFilter';
import { TagFilter } from './TagFilter';
import { ViewModeToggle } from './ViewModeToggle';
import './header.css';

interface HeaderProps {
  query: LibraryQuery;
  setQuery: (patch: Partial<LibraryQuery>) => void;
  viewMode: Settings['viewMode'];
  onViewMode: (mode: Settings['viewMode']) => void;
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
        <ViewModeToggle value={viewMode} onChange={onViewMode} />
      </div>
    </header>
  );
}
