import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './app/ApiContext';
import { App } from './app/App';
import { ToastProvider } from './features/toasts/ToastProvider';
import { resolveApi } from './api';
import type { RendererApi } from '../../shared/ipc/contract';
import './app/theme.css';

const root = createRoot(document.getElementById('root') ?? document.body);

// The web host's bridge (owned by the core) is looked up lazily, so the Electron build never includes it.
const bridges = import.meta.glob<{ connectWebBridge: () => Promise<RendererApi> }>('./bridge/web-bridge.ts');

async function loadBridge(): Promise<RendererApi> {
  const load = bridges['./bridge/web-bridge.ts'];
  if (!load)
    throw new Error('No window.api and no web bridge: open the app through Electron or the web host.');
  return (await load()).connectWebBridge();
}

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
