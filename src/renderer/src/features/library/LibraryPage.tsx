import { useCallback, useLayoutEffect, useRef, useState, type DragEvent } from 'react';
import type { FailureCode } from '../../../../shared/api/vocabulary';
import type { LibraryVideo, Settings, SettingsPatch, ViewStatePatch } from '../../../../shared/ipc/models';
import { SUPPORT_EMAIL } from '../../../../shared/faq';
import { useApi } from '../../app/ApiContext';
import { errorMessage } from '../../lib/result';
import { useApiEvent } from '../../lib/useEvent';
import { disabledReason, type CardAction } from '../card/cardActions';
import { ConfirmDialog, type ConfirmRequest } from '../confirm/ConfirmDialog';
import { CreditSummary, type BillingDialog } from '../credits/CreditSummary';
import { useCredits } from '../credits/useCredits';
import { BulkQualityDialog } from '../downloads/BulkQualityDialog';
import { DownloadsProvider } from '../downloads/DownloadsContext';
import { DownloadsPanel } from '../downloads/DownloadsPanel';
import { DownloadsToggle } from '../downloads/DownloadsToggle';
import { QualityDialog } from '../downloads/QualityDialog';
import { useCheckFilesOnFocus } from '../downloads/useCheckFilesOnFocus';
import { useDragOut, type DownloadOffer } from '../downloads/useDragOut';
import { useStartDownloads } from '../downloads/useStartDownloads';
import { HelpDialog } from '../help/HelpDialog';
import { SupportLink } from '../help/SupportLink';
import { PreviewDialog } from '../preview/PreviewDialog';
import { SelectionBar } from '../selection/SelectionBar';
import { useSelection } from '../selection/useSelection';
import { SettingsDialog } from '../settings/SettingsDialog';
import { OfflineBanner } from '../sync/OfflineBanner';
import { useSyncStatus } from '../sync/useSyncStatus';
import { useToasts } from '../toasts/ToastProvider';
import { Header } from './Header';
import { AUTO_LIST_BELOW_PX } from './layout';
import { EmptyState, ErrorState, SkeletonGrid } from './LibraryStates';
import { Pager } from './Pager';
import { isFiltered, useLibraryQuery } from './useLibraryQuery';
import { useLibraryData } from './useLibraryData';
import { VirtualGrid } from './VirtualGrid';
import './library.css';

interface LibraryPageProps {
  settings: Settings;
  updateSettings: (patch: SettingsPatch) => Promise<void>;
  updateView: (patch: ViewStatePatch) => Promise<void>;
}

const STATUS_WORDS = { processing: 'processing', ready: 'ready', failed: 'failed' } as const;

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/** Page shortcuts belong to the grid: keys pressed inside the downloads panel keep their own meaning. */
function inPanel(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.downloads-panel') !== null;
}

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

  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [preview, setPreview] = useState<LibraryVideo | null>(null);
  const [download, setDownload] = useState<LibraryVideo | null>(null);
  const [downloadReason, setDownloadReason] = useState<string | undefined>(undefined);
  const [bulkDownload, setBulkDownload] = useState<{ ids: number[]; reason?: string } | null>(null);
  const [panelOpen, setPanelOpen] = useState(false);
  const panelToggle = useRef<HTMLButtonElement | null>(null);
  const [help, setHelp] = useState<{ open: boolean; code: FailureCode | null }>({ open: false, code: null });
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [billing, setBilling] = useState<BillingDialog>(null);
  const [width, setWidth] = useState(0);
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
    setDownloadReason(reason);
    setDownload(video);
  }, []);
  const onAction = useCallback(
    (action: CardAction, video: LibraryVideo) => {
      returnFocusTo.current = video.id;
      if (action === 'preview') setPreview(video);
      else if (action === 'download') openDownload(video);
      else setConfirm({ action, ids: [video.id], title: video.title });
    },
    [openDownload],
  );
  const startDownloads = useStartDownloads();
  useCheckFilesOnFocus();
  const offerDownload = useCallback(
    (offer: DownloadOffer, reason: string) => {
      if ('video' in offer) {
        openDownload(offer.video, reason);
        return;
      }
      returnFocusTo.current = null;
      setBulkDownload({ ids: offer.ids, reason });
    },
    [openDownload],
  );
  const onDragOut: (video: LibraryVideo, event: DragEvent<HTMLElement>) => void = useDragOut(
    selection.selected,
    offerDownload,
  );
  const onWhy = useCallback((video: LibraryVideo) => {
    returnFocusTo.current = video.id;
    setHelp({ open: true, code: video.failure?.code ?? null });
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
  const cardDialogOpen = confirm !== null || preview !== null || download !== null;
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

  const dialogOpen =
    confirm !== null ||
    preview !== null ||
    download !== null ||
    bulkDownload !== null ||
    help.open ||
    settingsOpen ||
    billing !== null;
  // A layout effect, so the listener sees a selection as soon as the page shows it: a select-all lands
  // asynchronously, and with a passive effect an Escape pressed right after it met the old, empty one.
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dialogOpen || isTyping(e.target) || inPanel(e.target)) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
        e.preventDefault();
        onSelectAll();
      } else if (e.key === 'Escape' && selection.selected.size > 0) {
        selection.clear();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [dialogOpen, onSelectAll, selection]);

  // Commands from the desktop shell (application menu, aiasmr://video/<id> links); the web host sends none.
  useApiEvent('app:command', (command) => {
    if (command.command === 'search') {
      document.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
    } else if (command.command === 'settings') {
      setSettingsOpen(true);
    } else if (command.command === 'selectAll') {
      // As Ctrl/Cmd+A: the videos matching the query, unless the focus is where that key means something
      // else (a text field's own Select All is done by App, see selectFocusedText).
      const focused = document.activeElement;
      if (!dialogOpen && !isTyping(focused) && !inPanel(focused)) onSelectAll();
    } else {
      api['library:get']({ id: command.id }).then(
        (r) => {
          if (r.ok && r.value) {
            returnFocusTo.current = r.value.id;
            if (disabledReason('preview', r.value))
              show('info', `“${r.value.title}” cannot be previewed yet.`);
            else setPreview(r.value);
          } else show('error', r.ok ? 'That video is not in your library.' : r.error.message);
        },
        (e: unknown) => show('error', errorMessage(e)),
      );
    }
  });

  const bulk = (action: ConfirmRequest['action']) => {
    returnFocusTo.current = null;
    setConfirm({ action, ids: [...selection.selected] });
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
    <div className="app-shell">
      <Header
        query={query}
        setQuery={setQuery}
        viewMode={settings.viewMode}
        onViewMode={(viewMode) =>
          void updateView({ viewMode }).catch(() => show('error', 'Could not save the view.'))
        }
        onOpenHelp={() => setHelp({ open: true, code: null })}
        onOpenSettings={() => setSettingsOpen(true)}
        tools={
          <DownloadsToggle ref={panelToggle} open={panelOpen} onToggle={() => setPanelOpen((o) => !o)} />
        }
      />
      <CreditSummary state={credits} dialog={billing} onDialog={setBilling} />
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
          setBulkDownload({ ids: [...selection.selected] });
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
            base={base}
            count={count}
            data={data}
            isSelected={selection.isSelected}
            resetKey={`${queryKey}|${page}|${settings.paginationMode}`}
            onSelectAll={onSelectAll}
            onWidth={setWidth}
            onAction={onAction}
            onWhy={onWhy}
            onToggleSelect={onToggleSelect}
            onDragOut={onDragOut}
            footer={
              paged ? (
                <Pager
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
        <button type="button" className="link-button" onClick={() => setHelp({ open: true, code: null })}>
          FAQ: why generations fail
        </button>
      </footer>

      <ConfirmDialog
        request={confirm}
        onClose={() => setConfirm(null)}
        onBuy={() => {
          setConfirm(null);
          setBilling('buy');
        }}
        onUpgrade={() => {
          setConfirm(null);
          setBilling('upgrade');
        }}
        onCloseAutoFocus={focusCard}
      />
      <PreviewDialog
        video={preview}
        onClose={() => setPreview(null)}
        onCloseAutoFocus={focusCard}
        onDownload={(video) => {
          setPreview(null);
          openDownload(video);
        }}
      />
      <QualityDialog
        video={download}
        reason={downloadReason}
        onClose={() => setDownload(null)}
        onCloseAutoFocus={focusCard}
        onUpgrade={() => {
          setDownload(null);
          setBilling('upgrade');
        }}
        onChoose={(video, quality) => {
          setDownload(null);
          void startDownloads([video.id], quality, video.title);
        }}
      />
      <BulkQualityDialog
        ids={bulkDownload?.ids ?? null}
        reason={bulkDownload?.reason}
        plan={credits.credits?.plan ?? null}
        onClose={() => setBulkDownload(null)}
        onUpgrade={() => {
          setBulkDownload(null);
          setBilling('upgrade');
        }}
        onChoose={(ids, quality) => {
          setBulkDownload(null);
          void startDownloads(ids, quality);
        }}
      />
      <DownloadsPanel
        open={panelOpen}
        onClose={() => {
          setPanelOpen(false);
          panelToggle.current?.focus();
        }}
      />
      <HelpDialog
        open={help.open}
        focusCode={help.code}
        onOpenChange={(open) => setHelp((h) => ({ ...h, open }))}
      />
      <SettingsDialog
        open={settingsOpen}
        onOpenChange={setSettingsOpen}
        settings={settings}
        onChange={updateSettings}
      />
    </div>
  );
}
