import { useRef, useState } from 'react';
import type { SessionState, Settings, SettingsPatch } from '../../../../shared/ipc/models';
import { useApiEvent } from '../../lib/useEvent';
import { SettingsDialog } from '../settings/SettingsDialog';
import { SignInForm } from './SignInForm';

/**
 * The signed-out screen: the sign-in form, and the settings it may need first (a packaged app starts
 * pointed at the local reference server, so the server address must be changeable before signing in).
 */
export function SignInScreen({
  session,
  onSignedIn,
  settings,
  updateSettings,
}: {
  session: SessionState;
  onSignedIn: (s: SessionState) => void;
  settings: Settings;
  updateSettings: (patch: SettingsPatch) => Promise<void>;
}) {
  const [settingsOpen, setSettingsOpen] = useState(false);
  // Radix's own return of focus lands on the page body here (seen in Chromium), so the element that had
  // the focus when the dialog opened (Change…, or a field when the menu opened it) gets it back.
  const returnFocusTo = useRef<HTMLElement | null>(null);
  const openSettings = () => {
    returnFocusTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setSettingsOpen(true);
  };
  // The menu's Settings command; while signed in the library page takes it.
  useApiEvent('app:command', (command) => {
    if (command.command === 'settings') openSettings();
  });
  return (
    <>
      <SignInForm session={session} onSignedIn={onSignedIn} onChangeServer={openSettings} />
      <SettingsDialog
        open={settingsOpen}
        onOpenChange={setSettingsOpen}
        settings={settings}
        onChange={updateSettings}
        onCloseAutoFocus={(event) => {
          const target = returnFocusTo.current;
          if (target?.isConnected) {
            event.preventDefault();
            target.focus();
          }
        }}
      />
    </>
  );
}
