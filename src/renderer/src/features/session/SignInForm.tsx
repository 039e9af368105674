import { useId, useState, type FormEvent } from 'react';
import type { SessionState } from '../../../../shared/ipc/models';
import { useApi } from '../../app/ApiContext';
import { errorMessage, unwrap } from '../../lib/result';
import './session.css';

const REASONS = {
  expired: 'Your session expired. Please sign in again.',
  revoked: 'You were signed out from another device. Please sign in again.',
  server_changed: 'The server address changed. Sign in to the new server.',
  signed_out: null,
} as const;

export function SignInForm({
  session,
  onSignedIn,
  onChangeServer,
}: {
  session: SessionState;
  onSignedIn: (s: SessionState) => void;
  /** Opens the settings, where the server address is changed. */
  onChangeServer: () => void;
}) {
  const api = useApi();
  const serverLine = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // An error from the previous server (wrong password, unreachable) says nothing about the new one.
  const [errorServer, setErrorServer] = useState(session.serverUrl);
  if (errorServer !== session.serverUrl) {
    setErrorServer(session.serverUrl);
    setError(null);
  }
  const reason = session.status === 'signed_out' && session.reason ? REASONS[session.reason] : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(unwrap(await api['session:signIn']({ email, password })));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to AIASMR Video</h1>
        <p className="signin-sub">Your library, previews and downloads, on this computer.</p>
        {reason ? <p className="signin-note">{reason}</p> : null}
        <label className="form-field">
          <span>Email</span>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="form-field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary button-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="signin-server">
          <span id={serverLine}>
            Server: <span className="signin-server-url">{session.serverUrl}</span>
          </span>
          {' · '}
          <button
            type="button"
            className="link-button"
            aria-describedby={serverLine}
            onClick={onChangeServer}
          >
            Change…
          </button>
        </p>
      </form>
    </main>
  );
}
