import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ApiProvider } from '../src/app/ApiContext';
import { ToastProvider } from '../src/features/toasts/ToastProvider';
import { MemoryApi, type MemoryApiOptions } from './memory-api';

/** Renders a piece of the page against an in-memory core. */
export function renderWithApi(ui: ReactElement, options: MemoryApiOptions | MemoryApi = {}) {
  const memory = options instanceof MemoryApi ? options : new MemoryApi(options);
  const api = memory.asApi();
  const result = render(
    <ApiProvider api={api}>
      <ToastProvider>{ui}</ToastProvider>
    </ApiProvider>,
  );
  return { ...result, memory, api };
}
