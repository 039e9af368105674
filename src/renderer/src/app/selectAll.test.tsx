import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MemoryApi } from '../../test/memory-api';
import { renderWithApi } from '../../test/render';
import { App } from './App';

// Edit → Select All arrives as the `selectAll` app command (the menu's selectAll role would select the
// page's text). The page does what Ctrl/Cmd+A does where the focus is.

function cards() {
  return screen.queryAllByRole('gridcell').filter((c) => c.getAttribute('aria-busy') !== 'true');
}

function selectAllFromMenu(memory: MemoryApi) {
  act(() => memory.emit('app:command', { command: 'selectAll' }));
}

describe('the Select All command on the library page', () => {
  it('selects the videos matching the query from a card, and the text in the search box', async () => {
    const memory = new MemoryApi({ videos: 30 });
    renderWithApi(<App />, memory);
    await waitFor(() => expect(cards().length).toBeGreaterThan(0));
    const user = userEvent.setup();
    const search = screen.getByRole('searchbox', { name: 'Search titles and prompts' });
    await user.type(search, 'Video 0001');
    // Video 00010 … Video 00019.
    await waitFor(() => expect(cards()).toHaveLength(10), { timeout: 5000 });

    expect(search).toHaveFocus();
    expect(search).toHaveProperty('selectionStart', 10);
    selectAllFromMenu(memory);
    expect(search).toHaveProperty('selectionStart', 0);
    expect(search).toHaveProperty('selectionEnd', 10);
    expect(screen.queryByRole('region', { name: 'Selection' })).toBeNull();

    cards()[3]?.focus();
    selectAllFromMenu(memory);
    expect(await screen.findByText('10 videos selected')).toBeInTheDocument();
    expect(search).toHaveValue('Video 0001');
  });

  it('selects nothing while a dialog is open', async () => {
    const memory = new MemoryApi({ videos: 12 });
    renderWithApi(<App />, memory);
    await waitFor(() => expect(cards().length).toBeGreaterThan(0));
    act(() => memory.emit('app:command', { command: 'settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    screen.getByRole('button', { name: 'Close' }).focus();
    selectAllFromMenu(memory);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByRole('region', { name: 'Selection' })).toBeNull();

    cards()[0]?.focus();
    selectAllFromMenu(memory);
    expect(await screen.findByText('12 videos selected')).toBeInTheDocument();
  });
});
