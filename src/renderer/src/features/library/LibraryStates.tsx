import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state" role="status">
      <div className="state-art" aria-hidden="true" />
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <h2>Could not load your videos</h2>
      <p>{message}</p>
      <button type="button" className="button button-primary" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

export function SkeletonGrid({ layout }: { layout: 'grid' | 'list' }) {
  return (
    <div className={`skeleton-grid skeleton-${layout}`} aria-busy="true" aria-label="Loading your videos">
      {Array.from({ length: layout === 'grid' ? 8 : 6 }, (_, i) => (
        <div key={i} className={`card card-${layout} card-skeleton`} aria-hidden="true">
          <div className="card-media skeleton-block" />
          <div className="card-body">
            <div className="skeleton-line wide" />
            <div className="skeleton-line" />
          </div>
        </div>
      ))}
    </div>
  );
}
