import { Profiler } from 'react';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../../shared/ipc/contract';
import { ApiProvider } from '../../app/ApiContext';
import { App } from '../../app/App';
import { ToastProvider } from '../toasts/ToastProvider';
import { MemoryApi } from '../../../test/memory-api';
import { renderWithApi } from '../../../test/render';

// The library's view is saved through view:set: a typed search renders nothing once it is saved, and
// no settings:set (whose answer replaces the app's settings) goes out.

function cards() {
  return screen.queryAllByRole('gridcell').filter((c) => c.getAttribute('aria-busy') !== 'true');
}

describe('the library view state', () => {
  it('saves a search through view:set, without settings:set and without rendering the app again', async () => {
    const memory = new MemoryApi({ videos: 40 });
    const api = memory.asApi();
    // The save is held until the page has settled, so what its answer renders can be counted.
    const held: (() => void)[] = [];
    const saveView = api['view:set'];
    const heldApi: RendererApi = {
      ...api,
      'view:set': (request) => new Promise((resolve) => held.push(() => resolve(saveView(request)))),
    };
    let commits = 0;
    render(
      <ApiProvider api={heldApi}>
        <ToastProvider>
          <Profiler id="app" onRender={() => (commits += 1)}>
            <App />
          </Profiler>
        </ToastProvider>
      </ApiProvider>,
    );
    await waitFor(() => expect(cards().length).toBeGreaterThan(0));
    const user = userEvent.setup();
    await user.type(screen.getByRole('searchbox', { name: 'Search titles and prompts' }), 'Video 0001');
    await waitFor(() => expect(held).toHaveLength(1));
    await waitFor(() => expect(cards()).toHaveLength(10));
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    const beforeAnswer = commits;
    await act(async () => {
      for (const release of held) release();
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    expect(commits).toBe(beforeAnswer);
    expect(memory.callsTo('view:set')).toEqual([
      { lastQuery: expect.objectContaining({ search: 'Video 0001' }) },
    ]);
    expect(memory.callsTo('settings:set')).toEqual([]);
    expect(memory.settings.lastQuery.search).toBe('Video 0001');
  });

  it('a view toggle goes through view:set and changes the layout at once', async () => {
    const memory = new MemoryApi({ videos: 10 });
    renderWithApi(<App />, memory);
    await waitFor(() => expect(cards().length).toBeGreaterThan(0));
    await userEvent.setup().click(screen.getByRole('button', { name: 'List view' }));
    await waitFor(() => expect(memory.settings.viewMode).toBe('list'));
    expect(screen.getByRole('button', { name: 'List view' })).toHaveAttribute('aria-pressed', 'true');
    expect(memory.callsTo('view:set')).toEqual([{ viewMode: 'list' }]);
    expect(memory.callsTo('settings:set')).toEqual([]);
  });
});
