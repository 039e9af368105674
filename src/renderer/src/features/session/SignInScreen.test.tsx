import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../../app/App';
import { MemoryApi } from '../../../test/memory-api';
import { renderWithApi } from '../../../test/render';

// The signed-out screen of the whole app against the in-memory core: the server it signs in to can be
// changed there (button or menu command) with the settings dialog's own checks, before any sign-in.

const DEFAULT_SERVER = 'http://127.0.0.1:4000';
const OTHER_SERVER = 'https://videos.example.com';

async function signedOut(memory = new MemoryApi({ videos: 4, signedIn: false })) {
  renderWithApi(<App />, memory);
  await screen.findByRole('heading', { name: 'Sign in to AIASMR Video' });
  return { memory, user: userEvent.setup() };
}

function serverLine() {
  return screen.getByText(/^Server:/).textContent;
}

async function saveServer(user: ReturnType<typeof userEvent.setup>, text: string) {
  const dialog = await screen.findByRole('dialog', { name: 'Settings' });
  const input = within(dialog).getByLabelText('Server address');
  await user.clear(input);
  await user.type(input, `${text}{Enter}`);
  return { dialog, input };
}

describe('sign-in screen', () => {
  it('shows the server, changes it through the settings (checked as there) and signs in to the new one', async () => {
    const { memory, user } = await signedOut();
    expect(serverLine()).toBe(`Server: ${DEFAULT_SERVER}`);
    const change = screen.getByRole('button', { name: 'Change…' });
    expect(change).toHaveAccessibleDescription(`Server: ${DEFAULT_SERVER}`);
    await user.click(change);

    const { input } = await saveServer(user, 'not a url');
    expect(await screen.findByRole('alert')).toHaveTextContent('“not a url” is not a web address');
    expect(memory.callsTo('settings:set')).toEqual([]);
    expect(serverLine()).toBe(`Server: ${DEFAULT_SERVER}`);

    await user.clear(input);
    await user.type(input, `${OTHER_SERVER}{Enter}`);
    await waitFor(() => expect(serverLine()).toBe(`Server: ${OTHER_SERVER}`));
    expect(memory.settings.serverUrl).toBe(OTHER_SERVER);

    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(change).toHaveFocus());

    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('grid', { name: 'My videos' });
    expect(memory.session).toMatchObject({ status: 'signed_in', serverUrl: OTHER_SERVER });
  });

  it("opens the settings on the menu's Settings command while signed out", async () => {
    const { memory } = await signedOut();
    expect(screen.queryByRole('dialog')).toBeNull();
    const email = screen.getByLabelText('Email');
    email.focus();
    act(() => memory.emit('app:command', { command: 'settings' }));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByLabelText('Server address')).toHaveValue(DEFAULT_SERVER);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(email).toHaveFocus());
  });

  it('shows a refusal from the core in the dialog and keeps signing in to the saved server', async () => {
    const memory = new MemoryApi({ videos: 4, signedIn: false });
    memory.failures.set('settings:set', {
      code: 'invalid_request',
      message: 'The settings file is read-only',
    });
    const { user } = await signedOut(memory);
    await user.click(screen.getByRole('button', { name: 'Change…' }));
    await saveServer(user, OTHER_SERVER);
    expect(await screen.findByRole('alert')).toHaveTextContent('The settings file is read-only');
    expect(serverLine()).toBe(`Server: ${DEFAULT_SERVER}`);
    expect(memory.settings.serverUrl).toBe(DEFAULT_SERVER);
  });

  it("drops the previous server's sign-in error once the server changes", async () => {
    const { user } = await signedOut();
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong email or password');
    await user.click(screen.getByRole('button', { name: 'Change…' }));
    await saveServer(user, OTHER_SERVER);
    await waitFor(() => expect(serverLine()).toBe(`Server: ${OTHER_SERVER}`));
    expect(screen.queryByText('Wrong email or password')).toBeNull();
  });

  it("selects the focused field's text on the menu's Select All command", async () => {
    const { memory, user } = await signedOut();
    const password = screen.getByLabelText('Password');
    await user.type(password, 'secret');
    expect(password).toHaveFocus();
    expect(password).toHaveProperty('selectionStart', 6);
    act(() => memory.emit('app:command', { command: 'selectAll' }));
    expect(password).toHaveProperty('selectionStart', 0);
    expect(password).toHaveProperty('selectionEnd', 6);
  });
});
