import { elementScroll, observeElementOffset, useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { VideoCard, type CardHandlers } from '../card/VideoCard';
import {
  MAX_SCROLL_PX,
  NARROW_LIST_BELOW_PX,
  gridGeometry,
  scrollRatio,
  SIDE_PX,
  type Density,
} from './layout';
import type { LibraryData } from './useLibraryData';
import './grid.css';

interface VirtualGridProps extends Omit<CardHandlers, 'onFocusCell'> {
  layout: 'grid' | 'list';
  density: Density;
  /** Absolute index (in the query's results) of the first item shown. */
  base: number;
  /** Items shown from `base`. */
  count: number;
  data: LibraryData;
  isSelected: (id: number) => boolean;
  /** Changes when the list should go back to its top (a new query or page). */
  resetKey: string;
  onSelectAll: () => void;
  onWidth?: (width: number) => void;
  /** Whether the list is scrolled away from its top (the page then folds its header and summary). */
  onScrolled?: (scrolled: boolean) => void;
  footer?: ReactNode;
}

export function VirtualGrid(props: VirtualGridProps) {
  const { layout, density, base, count, data, resetKey, onWidth, onScrolled } = props;
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const gridRef = useRef<HTMLDivElement | null>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => onWidth?.(size.width), [size.width, onWidth]);

  const { columns, cardWidth, rowHeight, gap } = gridGeometry(size.width, layout, density);
  const rowCount = Math.ceil(count / columns);
  const virtualTotal = rowCount * rowHeight;
  const realTotal = Math.min(virtualTotal, MAX_SCROLL_PX);
  const ratio = scrollRatio(virtualTotal, size.height);
  const ratioRef = useRef(ratio);
  useLayoutEffect(() => {
    ratioRef.current = ratio;
  }, [ratio]);

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 2,
    // Render scroll updates through React's scheduler instead of synchronously inside the scroll event.
    useFlushSync: false,
    initialRect: { width: 0, height: 0 },
    observeElementOffset: (instance, cb) =>
      observeElementOffset(instance, (offset, isScrolling) => cb(offset * ratioRef.current, isScrolling)),
    scrollToFn: (offset, options, instance) => elementScroll(offset / ratioRef.current, options, instance),
  });

  useLayoutEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight, columns]);

  useLayoutEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setActive(0);
  }, [resetKey]);

  const rows = virtualizer.getVirtualItems();
  const firstRow = rows[0]?.index ?? 0;
  const lastRow = rows[rows.length - 1]?.index ?? 0;
  const requestRange = data.requestRange;
  useEffect(() => {
    if (count === 0) return;
    requestRange(base + firstRow * columns, base + Math.min(count - 1, (lastRow + 1) * columns - 1));
  }, [requestRange, base, count, firstRow, lastRow, columns, data.revision]);

  const virtualOffset = virtualizer.scrollOffset ?? 0;
  const shift = ratio === 1 ? 0 : virtualOffset - virtualOffset / ratio;

  const clampedActive = Math.min(active, Math.max(0, count - 1));
  useLayoutEffect(() => {
    if (pendingFocus.current === null) return;
    const el = gridRef.current?.querySelector<HTMLElement>(`[data-index="${base + pendingFocus.current}"]`);
    if (el) {
      el.focus({ preventScroll: true });
      pendingFocus.current = null;
    }
  });

  const moveTo = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(count - 1, index));
      setActive(next);
      pendingFocus.current = next;
      virtualizer.scrollToIndex(Math.floor(next / columns), { align: 'auto' });
    },
    [count, columns, virtualizer],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      props.onSelectAll();
      return;
    }
    const onCell = e.target instanceof HTMLElement && e.target.getAttribute('role') === 'gridcell';
    if (!onCell) return;
    const pageRows = Math.max(1, Math.floor(size.height / rowHeight));
    const moves: Record<string, number> = {
      ArrowRight: clampedActive + 1,
      ArrowLeft: clampedActive - 1,
      ArrowDown: clampedActive + columns,
      ArrowUp: clampedActive - columns,
      PageDown: clampedActive + pageRows * columns,
      PageUp: clampedActive - pageRows * columns,
      Home: e.ctrlKey ? 0 : clampedActive - (clampedActive % columns),
      End: e.ctrlKey
        ? count - 1
        : Math.min(count - 1, clampedActive - (clampedActive % columns) + columns - 1),
    };
    // Home/End without Ctrl go to the first/last of the whole list in a one-column list, per row in a grid.
    if (columns === 1) {
      moves.Home = 0;
      moves.End = count - 1;
    }
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]);
    }
  };

  const onFocusCell = useCallback((index: number) => setActive(index - base), [base]);
  const thumbSizes = `${cardWidth}px`;

  return (
    <div
      className="scroller"
      ref={scrollRef}
      data-testid="library-scroller"
      onScroll={onScrolled ? (e) => onScrolled(e.currentTarget.scrollTop > 0) : undefined}
    >
      <div
        ref={gridRef}
        role="grid"
        aria-label="My videos"
        aria-rowcount={rowCount}
        aria-colcount={columns}
        aria-multiselectable="true"
        className={[
          'vgrid',
          `vgrid-${layout}`,
          `vgrid-${density}`,
          `vgrid-cards-${cardWidth < 330 ? 'narrow' : cardWidth < 400 ? 'medium' : 'wide'}`,
          layout === 'list' && size.width > 0 && size.width < NARROW_LIST_BELOW_PX ? 'vgrid-list-narrow' : '',
        ]
          .filter(Boolean)
          .join(' ')}
        style={{ height: realTotal }}
        onKeyDown={onKeyDown}
      >
        {rows.map((row) => {
          const cells = [];
          for (let c = 0; c < columns; c++) {
            const local = row.index * columns + c;
            if (local >= count) break;
            const index = base + local;
            const video = data.itemAt(index);
            cells.push(
              <VideoCard
                key={video ? video.id : `loading-${index}`}
                index={index}
                column={c}
                video={video}
                layout={layout}
                selected={video ? props.isSelected(video.id) : false}
                tabbable={local === clampedActive}
                thumbSizes={thumbSizes}
                onAction={props.onAction}
                onWhy={props.onWhy}
                onToggleSelect={props.onToggleSelect}
                onFocusCell={onFocusCell}
                onDragOut={props.onDragOut}
              />,
            );
          }
          return (
            <div
              key={row.key}
              role="row"
              aria-rowindex={row.index + 1}
              className="vrow"
              style={{
                height: rowHeight,
                transform: `translateY(${row.start - shift}px)`,
                gridTemplateColumns: `repeat(${columns}, ${cardWidth}px)`,
                columnGap: gap,
                paddingInline: SIDE_PX,
                paddingBottom: layout === 'grid' ? gap : 0,
              }}
            >
              {cells}
            </div>
          );
        })}
      </div>
      {props.footer}
    </div>
  );
}
