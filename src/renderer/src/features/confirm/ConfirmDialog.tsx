import { useEffect, useState } from 'react';
import type { ActionEstimate } from '../../../../shared/ipc/models';
import { Modal } from '../../components/Modal';
import { useApi } from '../../app/ApiContext';
import { PLAN_LABELS, formatCredits, plural } from '../../lib/format';
import { errorMessage, unwrap } from '../../lib/result';
import { useToasts } from '../toasts/ToastProvider';
import { outcomeToasts, type BulkAction } from './outcomeMessages';
import './confirm.css';

export interface ConfirmRequest {
  action: BulkAction;
  ids: number[];
  /** The video's title when acting on one. */
  title?: string;
  /** The ids are the page's selection (spent once the action runs). */
  fromSelection?: boolean;
}

interface ConfirmDialogProps {
  request: ConfirmRequest | null;
  onClose: () => void;
  /** The action ran (whatever its per-video outcome). */
  onDone?: (request: ConfirmRequest) => void;
  onBuy: () => void;
  onUpgrade: () => void;
  onCloseAutoFocus?: (event: Event) => void;
}

function what(request: ConfirmRequest): string {
  return request.ids.length === 1 && request.title
    ? `“${request.title}”`
    : plural(request.ids.length, 'video', 'videos');
}

function describe(request: ConfirmRequest): string {
  const one = request.ids.length === 1;
  if (request.action === 'delete')
    return `${one ? 'It is' : 'They are'} removed from your library and from AIASMR storage. This cannot be undone, and the credits spent generating ${one ? 'it are' : 'them are'} not refunded.`;
  return `${one ? 'The video is' : 'Each video is'} generated again from its original prompt, settings and seed, and charged again.`;
}

/** Asks before delete and regenerate, with the credit impact read from the core (`actions:estimate`). */
export function ConfirmDialog({
  request,
  onClose,
  onDone,
  onBuy,
  onUpgrade,
  onCloseAutoFocus,
}: ConfirmDialogProps) {
  const api = useApi();
  const { show } = useToasts();
  const [estimate, setEstimate] = useState<ActionEstimate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    setEstimate(null);
    setError(null);
    if (!request) return;
    let live = true;
    api['actions:estimate']({ action: request.action, ids: request.ids }).then(
      (r) => {
        if (!live) return;
        if (r.ok) setEstimate(r.value);
        else setError(r.error.message);
      },
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, request, attempt]);

  const run = async () => {
    if (!request) return;
    setRunning(true);
    try {
      const outcome = unwrap(
        request.action === 'delete'
          ? await api['actions:delete']({ ids: request.ids })
          : await api['actions:regenerate']({ ids: request.ids }),
      );
      for (const t of outcomeToasts(request.action, outcome)) show(t.level, t.message);
      onDone?.(request);
      onClose();
    } catch (e) {
      show('error', `Could not ${request.action} ${request ? what(request) : ''}: ${errorMessage(e)}`);
    } finally {
      setRunning(false);
    }
  };

  const isDelete = request?.action === 'delete';
  const title = request ? `${isDelete ? 'Delete' : 'Regenerate'} ${what(request)}?` : '';
  const short = estimate !== null && !estimate.affordable;
  return (
    <Modal
      open={request !== null}
      onOpenChange={(open) => !open && !running && onClose()}
      title={title}
      onCloseAutoFocus={onCloseAutoFocus}
      description={request ? describe(request) : ''}
    >
      {estimate && isDelete ? (
        <dl className="impact" aria-label="Credit impact">
          <div className="is-lost">
            <dt>Credits spent on {estimate.count === 1 ? 'it' : 'them'}</dt>
            <dd>{formatCredits(estimate.spent)}, not refunded</dd>
          </div>
          <div>
            <dt>Balance</dt>
            <dd>{formatCredits(estimate.balance)}, unchanged</dd>
          </div>
        </dl>
      ) : estimate ? (
        <dl className="impact" aria-label="Credit impact">
          <div>
            <dt>Cost</dt>
            <dd>{formatCredits(estimate.cost)}</dd>
          </div>
          <div>
            <dt>Balance now</dt>
            <dd>{formatCredits(estimate.balance)}</dd>
          </div>
          <div className={short ? 'is-short' : ''}>
            <dt>Balance after</dt>
            <dd>{formatCredits(estimate.balanceAfter)}</dd>
          </div>
        </dl>
      ) : error ? (
        <p role="alert" className="impact-error">
          Could not work out the credit cost: {error}{' '}
          <button type="button" className="link-button" onClick={() => setAttempt((n) => n + 1)}>
            Retry
          </button>
        </p>
      ) : request ? (
        <p aria-busy="true" className="impact-loading">
          Working out the credit cost…
        </p>
      ) : null}
      {short && estimate ? (
        <div className="shortfall" role="alert">
          <p>
            <strong>Not enough credits.</strong> This needs {formatCredits(estimate.cost)} and you have{' '}
            {formatCredits(estimate.balance)}: {formatCredits(estimate.cost - estimate.balance)} short on the{' '}
            {PLAN_LABELS[estimate.plan]} plan.
          </p>
          <div className="shortfall-actions">
            <button type="button" className="button button-primary" onClick={onBuy}>
              Buy More Credits
            </button>
            <button type="button" className="button" onClick={onUpgrade}>
              Upgrade Plan
            </button>
          </div>
        </div>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose} disabled={running}>
          Cancel
        </button>
        <button
          type="button"
          className={isDelete ? 'button button-danger' : 'button button-primary'}
          disabled={running || estimate === null || short}
          onClick={() => void run()}
        >
          {running
            ? isDelete
              ? 'Deleting…'
              : 'Starting…'
            : `${isDelete ? 'Delete' : 'Regenerate'} ${request ? plural(request.ids.length, 'video', 'videos') : ''}`}
        </button>
      </div>
    </Modal>
  );
}
