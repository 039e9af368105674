import type { Plan } from '../../../../shared/api/vocabulary';
import type { Settings, SettingsPatch } from '../../../../shared/ipc/models';
import { ConfirmDialog, type ConfirmRequest } from '../confirm/ConfirmDialog';
import { BulkQualityDialog } from '../downloads/BulkQualityDialog';
import { QualityDialog } from '../downloads/QualityDialog';
import { useStartDownloads } from '../downloads/useStartDownloads';
import { HelpDialog } from '../help/HelpDialog';
import { PreviewDialog } from '../preview/PreviewDialog';
import { SettingsDialog } from '../settings/SettingsDialog';
import { dialogOf, type PageDialog } from './pageDialog';

interface LibraryDialogsProps {
  dialog: PageDialog;
  setDialog: (dialog: PageDialog) => void;
  /** The current plan (from the credit summary), which gates the download qualities. */
  plan: Plan | null;
  settings: Settings;
  updateSettings: (patch: SettingsPatch) => Promise<void>;
  /** Radix's focus return on close: back to the card the dialog was opened from. */
  focusCard: (event: Event) => void;
  /** After a delete or regenerate ran (the selection it acted on is spent). */
  onActionDone: (request: ConfirmRequest) => void;
}

/** The page's dialogs, one open at a time (the billing ones live with the credit summary). */
export function LibraryDialogs({
  dialog,
  setDialog,
  plan,
  settings,
  updateSettings,
  focusCard,
  onActionDone,
}: LibraryDialogsProps) {
  const startDownloads = useStartDownloads();
  const close = () => setDialog(null);
  const upgrade = () => setDialog({ kind: 'billing', which: 'upgrade' });
  const confirm = dialogOf(dialog, 'confirm');
  const download = dialogOf(dialog, 'download');
  const bulk = dialogOf(dialog, 'bulkDownload');
  const help = dialogOf(dialog, 'help');
  return (
    <>
      <ConfirmDialog
        request={confirm?.request ?? null}
        onClose={close}
        onDone={onActionDone}
        onBuy={() => setDialog({ kind: 'billing', which: 'buy' })}
        onUpgrade={upgrade}
        onCloseAutoFocus={focusCard}
      />
      <PreviewDialog
        video={dialogOf(dialog, 'preview')?.video ?? null}
        onClose={close}
        onCloseAutoFocus={focusCard}
        onDownload={(video) => setDialog({ kind: 'download', video })}
      />
      <QualityDialog
        video={download?.video ?? null}
        plan={plan}
        reason={download?.reason}
        onClose={close}
        onCloseAutoFocus={focusCard}
        onUpgrade={upgrade}
        onChoose={(video, quality) => {
          close();
          void startDownloads([video.id], quality, video.title);
        }}
      />
      <BulkQualityDialog
        ids={bulk?.ids ?? null}
        reason={bulk?.reason}
        plan={plan}
        onClose={close}
        onUpgrade={upgrade}
        onChoose={(ids, quality) => {
          close();
          void startDownloads(ids, quality);
        }}
      />
      <HelpDialog
        open={help !== null}
        focusCode={help?.code ?? null}
        onOpenChange={(open) => !open && close()}
      />
      <SettingsDialog
        open={dialog?.kind === 'settings'}
        onOpenChange={(open) => setDialog(open ? { kind: 'settings' } : null)}
        settings={settings}
        onChange={updateSettings}
      />
    </>
  );
}
