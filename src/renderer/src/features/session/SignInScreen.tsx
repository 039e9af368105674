import { useState } from 'react';
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
  // The menu's Settings command; while signed in the library page takes it.
  useApiEvent('app:command', (command) => {
    if (command.command === 'settings') setSettingsOpen(true);
  });
  return (
    <>
      <SignInForm session={session} onSignedIn={onSignedIn} onChangeServer={() => setSettingsOpen(true)} />
      <SettingsDialog
        open={settingsOpen}
        onOpenChange={setSettingsOpen}
        settings={settings}
        onChange={updateSettings}
      />
    </>
  );
}
