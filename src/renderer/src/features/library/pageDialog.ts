import type { FailureCode } from '../../../../shared/api/vocabulary';
import type { LibraryVideo } from '../../../../shared/ipc/models';
import type { ConfirmRequest } from '../confirm/ConfirmDialog';

/** The one dialog the page shows at a time (opening another replaces it). */
export type PageDialog =
  | { kind: 'confirm'; request: ConfirmRequest }
  | { kind: 'preview'; video: LibraryVideo }
  | { kind: 'download'; video: LibraryVideo; reason?: string }
  | { kind: 'bulkDownload'; ids: number[]; reason?: string }
  | { kind: 'help'; code: FailureCode | null }
  | { kind: 'settings' }
  | { kind: 'billing'; which: 'buy' | 'upgrade' }
  | null;

/** The dialog's payload when it is of the given kind, else null (what each dialog's `open` reads). */
export function dialogOf<K extends NonNullable<PageDialog>['kind']>(
  dialog: PageDialog,
  kind: K,
): Extract<PageDialog, { kind: K }> | null {
  return isKind(dialog, kind) ? dialog : null;
}

function isKind<K extends NonNullable<PageDialog>['kind']>(
  dialog: PageDialog,
  kind: K,
): dialog is Extract<PageDialog, { kind: K }> {
  return dialog !== null && dialog.kind === kind;
}

/** Dialogs opened from one card, which hand focus back to that card when they close. */
export function isCardDialog(dialog: PageDialog): boolean {
  return (
    dialog !== null && (dialog.kind === 'confirm' || dialog.kind === 'preview' || dialog.kind === 'download')
  );
}
