import { useEffect, useState } from 'react';
import type { SessionState } from '../../../shared/ipc/models';
import { useApi } from './ApiContext';
import { useApiEvent } from '../lib/useEvent';
import { errorMessage } from '../lib/result';
import { LibraryPage } from '../features/library/LibraryPage';
import { SignInScreen } from '../features/session/SignInScreen';
import { useSettings } from '../features/settings/useSettings';
import { useTheme } from '../features/settings/useTheme';
import { useNoticeToasts } from '../features/toasts/useNoticeToasts';
import { ErrorState, SkeletonGrid } from '../features/library/LibraryStates';
import { selectFocusedText } from './selectFocusedText';

export function App() {
  const api = useApi();
  const [session, setSession] = useState<SessionState | null>(null);
  const [sessionError, setSessionError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { settings, error: settingsError, update, updateView, commitView, reload } = useSettings();
  // A page that starts (a sign-in) starts from the last query saved, not the one read at launch.
  const changeSession = (next: SessionState): void => {
    commitView();
    setSession(next);
  };
  useTheme(settings?.theme);
  useNoticeToasts();

  useEffect(() => {
    let live = true;
    api['session:get']({}).then(
      (r) => {
        if (!live) return;
        if (r.ok) setSession(r.value);
        else setSessionError(r.error.message);
      },
      (e: unknown) => live && setSessionError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);
  useApiEvent('session:changed', changeSession);
  // Edit → Select All in a text field selects its text on every screen; elsewhere the library page
  // selects videos (LibraryPage.tsx).
  useApiEvent('app:command', (command) => {
    if (command.command === 'selectAll') selectFocusedText();
  });

  const error = sessionError ?? settingsError;
  if (error) {
    return (
      <main className="app-shell">
        <ErrorState
          message={error}
          onRetry={() => {
            setSessionError(null);
            setAttempt((n) => n + 1);
            reload();
          }}
        />
      </main>
    );
  }
  if (!session || !settings) {
    return (
      <main className="app-shell" aria-busy="true">
        <SkeletonGrid layout="grid" />
      </main>
    );
  }
  if (session.status === 'signed_out')
    return (
      <SignInScreen
        session={session}
        onSignedIn={changeSession}
        settings={settings}
        updateSettings={update}
      />
    );
  return (
    <LibraryPage key={session.user.id} settings={settings} updateSettings={update} updateView={updateView} />
  );
}
