import { useCallback, useLayoutEffect, useRef, useState, type DragEvent } from 'react';
import type { LibraryVideo, Settings, SettingsPatch, ViewStatePatch } from '../../../../shared/ipc/models';
import { SUPPORT_EMAIL } from '../../../../shared/faq';
import { useApi } from '../../app/ApiContext';
import { errorMessage } from '../../lib/result';
import { useApiEvent } from '../../lib/useEvent';
import { disabledReason, type CardAction } from '../card/cardActions';
import type { ConfirmRequest } from '../confirm/ConfirmDialog';
import { CreditSummary } from '../credits/CreditSummary';
import { useCredits } from '../credits/useCredits';
import { DownloadsProvider } from '../downloads/DownloadsContext';
import { DownloadsPanel } from '../downloads/DownloadsPanel';
import { DownloadsToggle } from '../downloads/DownloadsToggle';
import { useCheckFilesOnFocus } from '../downloads/useCheckFilesOnFocus';
import { useDragOut, type DownloadOffer } from '../downloads/useDragOut';
import { SupportLink } from '../help/SupportLink';
import { SelectionBar } from '../selection/SelectionBar';
import { useSelection } from '../selection/useSelection';
import { OfflineBanner } from '../sync/OfflineBanner';
import { useSyncStatus } from '../sync/useSyncStatus';
import { useToasts } from '../toasts/ToastProvider';
import { Header } from './Header';
import { AUTO_LIST_BELOW_PX } from './layout';
import { LibraryDialogs } from './LibraryDialogs';
import { EmptyState, ErrorState, SkeletonGrid } from './LibraryStates';
import { dialogOf, isCardDialog, type PageDialog } from './pageDialog';
import { Pager } from './Pager';
import { isFiltered, useLibraryQuery } from './useLibraryQuery';
import { useLibraryData } from './useLibraryData';
import { isPageKeyTarget, usePageShortcuts } from './usePageShortcuts';
import { VirtualGrid } from './VirtualGrid';
import './library.css';

interface LibraryPageProps {
  settings: Settings;
  updateSettings: (patch: SettingsPatch) => Promise<void>;
  updateView: (patch: ViewStatePatch) => Promise<void>;
}

const STATUS_WORDS = { processing: 'processing', ready: 'ready', failed: 'failed' } as const;

/** The signed-in page, with its download queue. */
export function LibraryPage(props: LibraryPageProps) {
  return (
    <DownloadsProvider>
      <LibraryView {...props} />
    </DownloadsProvider>
  );
}

function LibraryView({ settings, updateSettings, updateView }: LibraryPageProps) {
  const api = useApi();
  const { show, announce } = useToasts();
  const { query, setQuery, clearFilters } = useLibraryQuery(settings.lastQuery, updateView);
  const onStatusChange = useCallback(
    (_before: LibraryVideo, after: LibraryVideo) =>
      announce(`${after.title} is now ${STATUS_WORDS[after.status]}.`),
    [announce],
  );
  const data = useLibraryData(query, onStatusChange);
  const onSelectionError = useCallback((message: string) => show('error', message), [show]);
  const selection = useSelection(query, onSelectionError);
  const credits = useCredits();
  const sync = useSyncStatus();

  const [dialog, setDialog] = useState<PageDialog>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const panelToggle = useRef<HTMLButtonElement | null>(null);
  const panelRef = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  const [scrolled, setScrolled] = useState(false);
  const returnFocusTo = useRef<number | null>(null);

  // Pages mode: the first page shown and how many pages "Load More" has added.
  const [page, setPage] = useState(0);
  const [loadedPages, setLoadedPages] = useState(1);
  const queryKey = JSON.stringify(query);
  const [pagingKey, setPagingKey] = useState(`${queryKey}|${settings.paginationMode}`);
  if (pagingKey !== `${queryKey}|${settings.paginationMode}`) {
    setPagingKey(`${queryKey}|${settings.paginationMode}`);
    setPage(0);
    setLoadedPages(1);
  }

  const layout: 'grid' | 'list' =
    settings.viewMode === 'auto'
      ? width > 0 && width < AUTO_LIST_BELOW_PX
        ? 'list'
        : 'grid'
      : settings.viewMode;
  const total = data.total ?? 0;
  const paged = settings.paginationMode === 'pages';
  const pageSize = settings.pageSize;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const base = paged ? Math.min(page, pageCount - 1) * pageSize : 0;
  const count = paged ? Math.max(0, Math.min(loadedPages * pageSize, total - base)) : total;

  const cardToRefocus = useCallback(() => {
    const id = returnFocusTo.current;
    return id === null ? null : document.querySelector<HTMLElement>(`[role="gridcell"][data-id="${id}"]`);
  }, []);
  const focusCard = useCallback(
    (event: Event) => {
      const card = cardToRefocus();
      if (card) {
        event.preventDefault();
        card.focus();
      }
    },
    [cardToRefocus],
  );

  const openDownload = useCallback((video: LibraryVideo, reason?: string) => {
    returnFocusTo.current = video.id;
    setDialog({ kind: 'download', video, reason });
  }, []);
  const onAction = useCallback(
    (action: CardAction, video: LibraryVideo) => {
      returnFocusTo.current = video.id;
      if (action === 'preview') setDialog({ kind: 'preview', video });
      else if (action === 'download') openDownload(video);
      else setDialog({ kind: 'confirm', request: { action, ids: [video.id], title: video.title } });
    },
    [openDownload],
  );
  useCheckFilesOnFocus();
  const offerDownload = useCallback(
    (offer: DownloadOffer, reason: string) => {
      if ('video' in offer) {
        openDownload(offer.video, reason);
        return;
      }
      returnFocusTo.current = null;
      setDialog({ kind: 'bulkDownload', ids: offer.ids, reason });
    },
    [openDownload],
  );
  const onDragOut: (video: LibraryVideo, event: DragEvent<HTMLElement>) => void = useDragOut(
    selection.selected,
    offerDownload,
  );
  const onWhy = useCallback((video: LibraryVideo) => {
    returnFocusTo.current = video.id;
    setDialog({ kind: 'help', code: video.failure?.code ?? null });
  }, []);
  const { toggle, selectAll } = selection;
  const onToggleSelect = useCallback(
    (index: number, id: number, shift: boolean) => void toggle(index, id, shift),
    [toggle],
  );
  const onSelectAll = useCallback(() => void selectAll(), [selectAll]);

  // Radix gives focus back a timer tick after a dialog is removed, and a key pressed in that tick lands on
  // the page body (a Delete right after closing the preview was lost). So a dialog opened from a card
  // hands focus back to that card before any input can arrive: in a microtask after the commit that
  // closes it (Radix removes the dialog's DOM in a re-render it triggers from that commit, flushed
  // synchronously). Radix's own later return (focusCard) agrees.
  const cardDialogOpen = isCardDialog(dialog);
  const cardDialogWasOpen = useRef(false);
  useLayoutEffect(() => {
    if (cardDialogWasOpen.current && !cardDialogOpen) {
      queueMicrotask(() => {
        const active = document.activeElement;
        const lost = active === null || active === document.body || !active.isConnected;
        // Another dialog taking over (confirm → buy credits) keeps the focus it takes.
        const nextDialog = document.querySelector('[role="dialog"][data-state="open"]');
        if (lost && !nextDialog) cardToRefocus()?.focus();
      });
    }
    cardDialogWasOpen.current = cardDialogOpen;
  }, [cardDialogOpen, cardToRefocus]);

  const dialogOpen = dialog !== null;
  const ownKeys = [panelRef];
  usePageShortcuts(
    [
      { key: 'a', mod: true, run: onSelectAll },
      { key: 'Escape', when: () => selection.selected.size > 0, run: selection.clear },
    ],
    dialogOpen,
    ownKeys,
  );

  // Commands from the desktop shell (application menu, aiasmr://video/<id> links); the web host sends none.
  useApiEvent('app:command', (command) => {
    if (command.command === 'search') {
      document.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
    } else if (command.command === 'settings') {
      setDialog({ kind: 'settings' });
    } else if (command.command === 'selectAll') {
      // As Ctrl/Cmd+A: the videos matching the query, unless the focus is where that key means something
      // else (a text field's own Select All is done by App, see selectFocusedText).
      if (!dialogOpen && isPageKeyTarget(document.activeElement, ownKeys)) onSelectAll();
    } else {
      api['library:get']({ id: command.id }).then(
        (r) => {
          if (r.ok && r.value) {
            returnFocusTo.current = r.value.id;
            if (disabledReason('preview', r.value))
              show('info', `“${r.value.title}” cannot be previewed yet.`);
            else setDialog({ kind: 'preview', video: r.value });
          } else show('error', r.ok ? 'That video is not in your library.' : r.error.message);
        },
        (e: unknown) => show('error', errorMessage(e)),
      );
    }
  });

  const bulk = (action: ConfirmRequest['action']) => {
    returnFocusTo.current = null;
    setDialog({ kind: 'confirm', request: { action, ids: [...selection.selected], fromSelection: true } });
  };

  const filtered = isFiltered(query);
  let body;
  if (data.error && data.total === null) {
    body = <ErrorState message={data.error} onRetry={data.retry} />;
  } else if (data.total === null) {
    body = <SkeletonGrid layout={layout} />;
  } else if (data.total === 0) {
    body = filtered ? (
      <EmptyState title="Nothing matches your filters">
        <p>Try other words, or fewer statuses and tags.</p>
        <button type="button" className="button button-primary" onClick={clearFilters}>
          Clear filters
        </button>
      </EmptyState>
    ) : (
      <EmptyState title="No videos yet">
        <p>Videos you generate with AIASMR appear here, with their status, cost and downloads.</p>
      </EmptyState>
    );
  }

  return (
    <div className={`app-shell${scrolled && !body ? ' is-scrolled' : ''}`}>
      <Header
        query={query}
        setQuery={setQuery}
        viewMode={settings.viewMode}
        onViewMode={(viewMode) =>
          void updateView({ viewMode }).catch(() => show('error', 'Could not save the view.'))
        }
        density={settings.density}
        paginationMode={settings.paginationMode}
        onDisplay={(patch) =>
          void updateView(patch).catch(() => show('error', 'Could not save the display setting.'))
        }
        onOpenHelp={() => setDialog({ kind: 'help', code: null })}
        onOpenSettings={() => setDialog({ kind: 'settings' })}
        tools={
          <DownloadsToggle ref={panelToggle} open={panelOpen} onToggle={() => setPanelOpen((o) => !o)} />
        }
      />
      <CreditSummary
        state={credits}
        dialog={dialogOf(dialog, 'billing')?.which ?? null}
        onDialog={(which) => setDialog(which ? { kind: 'billing', which } : null)}
      />
      <OfflineBanner
        status={sync}
        onRetry={() =>
          void api['sync:now']({}).then((r) => !r.ok && show('error', `Sync failed: ${r.error.message}`))
        }
      />
      <SelectionBar
        count={selection.selected.size}
        total={total}
        onDelete={() => bulk('delete')}
        onRegenerate={() => bulk('regenerate')}
        onDownload={() => {
          returnFocusTo.current = null;
          setDialog({ kind: 'bulkDownload', ids: [...selection.selected] });
        }}
        onClear={selection.clear}
        onSelectAll={onSelectAll}
      />
      {data.error && data.total !== null ? (
        <div className="banner banner-warn" role="alert">
          <span>Some videos could not be loaded: {data.error}</span>
          <button type="button" className="link-button" onClick={data.retry}>
            Retry
          </button>
        </div>
      ) : null}
      <main className="library" aria-label="Library">
        {body ?? (
          <VirtualGrid
            layout={layout}
            density={settings.density}
            base={base}
            count={count}
            data={data}
            isSelected={selection.isSelected}
            resetKey={`${queryKey}|${page}|${settings.paginationMode}`}
            onSelectAll={onSelectAll}
            onWidth={setWidth}
            onScrolled={setScrolled}
            onAction={onAction}
            onWhy={onWhy}
            onToggleSelect={onToggleSelect}
            onDragOut={onDragOut}
            footer={
              paged ? (
                <Pager
                  first={base}
                  page={Math.min(page, pageCount - 1)}
                  loadedPages={loadedPages}
                  pageCount={pageCount}
                  shown={count}
                  total={total}
                  onPage={(p) => {
                    setPage(p);
                    setLoadedPages(1);
                  }}
                  onLoadMore={() => setLoadedPages((n) => n + 1)}
                />
              ) : null
            }
          />
        )}
      </main>
      <footer className="page-footer">
        <span>
          Need help? Email <SupportLink>{SUPPORT_EMAIL}</SupportLink>
        </span>
        <button type="button" className="link-button" onClick={() => setDialog({ kind: 'help', code: null })}>
          FAQ: why generations fail
        </button>
      </footer>

      <LibraryDialogs
        dialog={dialog}
        setDialog={setDialog}
        plan={credits.credits?.plan ?? null}
        settings={settings}
        updateSettings={updateSettings}
        focusCard={focusCard}
        onActionDone={(request) => request.fromSelection && selection.clear()}
      />
      <DownloadsPanel
        ref={panelRef}
        open={panelOpen}
        onClose={() => {
          setPanelOpen(false);
          panelToggle.current?.focus();
        }}
      />
    </div>
  );
}
