import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './app/ApiContext';
import { App } from './app/App';
import { ToastProvider } from './features/toasts/ToastProvider';
import { resolveApi } from './api';
import './app/theme.css';

const root = createRoot(document.getElementById('root') ?? document.body);

// The web host's bridge (owned by the core) is a separate chunk, loaded only when there is no preload.
const loadBridge = () => import('./bridge/web-bridge').then((m) => m.connectWebBridge());

resolveApi(loadBridge).then(
  (api) =>
    root.render(
      <StrictMode>
        <ApiProvider api={api}>
          <ToastProvider>
            <App />
          </ToastProvider>
        </ApiProvider>
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <main className="fatal" role="alert">
        <h1>AIASMR Video could not start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    ),
);
