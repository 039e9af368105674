interface PagerProps {
  /** Index of the first video shown (0-based). */
  first: number;
  page: number;
  loadedPages: number;
  pageCount: number;
  shown: number;
  total: number;
  onPage: (page: number) => void;
  onLoadMore: () => void;
}

/** Numbered pages around the current one, first and last always reachable. */
export function pageNumbers(current: number, count: number): (number | 'gap')[] {
  const out: (number | 'gap')[] = [];
  for (let p = 0; p < count; p++) {
    if (p === 0 || p === count - 1 || Math.abs(p - current) <= 2) out.push(p);
    else if (out[out.length - 1] !== 'gap') out.push('gap');
  }
  return out;
}

export function Pager({ first, page, loadedPages, pageCount, shown, total, onPage, onLoadMore }: PagerProps) {
  const lastLoaded = page + loadedPages - 1;
  return (
    <div className="pager">
      <p className="pager-status" aria-live="polite">
        {shown === 0
          ? `Showing 0 of ${total.toLocaleString()}`
          : `Showing ${(first + 1).toLocaleString()}–${(first + shown).toLocaleString()} of ${total.toLocaleString()}`}
      </p>
      {lastLoaded < pageCount - 1 ? (
        <button type="button" className="button button-primary" onClick={onLoadMore}>
          Load More
        </button>
      ) : null}
      <nav aria-label="Pages" className="pages">
        <button
          type="button"
          className="page-button page-step"
          disabled={page === 0}
          onClick={() => onPage(page - 1)}
        >
          Previous
        </button>
        {pageNumbers(page, pageCount).map((p, i) =>
          p === 'gap' ? (
            <span key={`gap-${i}`} className="page-gap" aria-hidden="true">
              …
            </span>
          ) : (
            <button
              key={p}
              type="button"
              className="page-button"
              aria-label={`Page ${p + 1}`}
              aria-current={p >= page && p <= lastLoaded ? 'page' : undefined}
              onClick={() => onPage(p)}
            >
              {p + 1}
            </button>
          ),
        )}
        <button
          type="button"
          className="page-button page-step"
          disabled={lastLoaded >= pageCount - 1}
          onClick={() => onPage(lastLoaded + 1)}
        >
          Next
        </button>
      </nav>
    </div>
  );
}
