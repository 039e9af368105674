import type { SyncStatus } from '../../../../shared/ipc/models';
import { Icon } from '../../lib/icons';
import './sync.css';

/** Shown while the core cannot reach the server: the cache keeps working and actions wait in the outbox. */
export function OfflineBanner({ status, onRetry }: { status: SyncStatus | null; onRetry: () => void }) {
  if (!status || status.online) {
    if (status?.error) {
      return (
        <div className="banner banner-warn" role="status">
          <Icon name="alert" size={16} />
          <span>{status.error}</span>
          <button type="button" className="link-button" onClick={onRetry}>
            Sync now
          </button>
        </div>
      );
    }
    return null;
  }
  return (
    <div className="banner banner-offline" role="status" data-testid="offline-banner">
      <Icon name="offline" size={16} />
      <span>
        <strong>You are offline.</strong> Showing your saved library
        {status.lastSyncedAt ? ` (last synced ${new Date(status.lastSyncedAt).toLocaleString()})` : ''}.
        {status.pendingActions > 0
          ? ` ${status.pendingActions === 1 ? '1 action is' : `${status.pendingActions.toLocaleString()} actions are`} waiting and will run when you reconnect.`
          : ''}
      </span>
      <button type="button" className="link-button" onClick={onRetry} disabled={status.syncing}>
        {status.syncing ? 'Trying…' : 'Try again'}
      </button>
    </div>
  );
}
