import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { MemoryApi } from '../../../test/memory-api';
import { renderWithApi } from '../../../test/render';
import { SettingsDialog } from './SettingsDialog';
import { useSettings } from './useSettings';

// The dialog against the in-memory core, through the same hook the page uses, so that a save goes
// over `settings:set` and the core's answer (or refusal) is what the fields show.

function Harness() {
  const { settings, update } = useSettings();
  if (!settings) return null;
  return <SettingsDialog open onOpenChange={() => undefined} settings={settings} onChange={update} />;
}

async function open(memory: MemoryApi) {
  renderWithApi(<Harness />, memory);
  const dialog = await screen.findByRole('dialog', { name: 'Settings' });
  return { dialog, user: userEvent.setup() };
}

function form(label: string) {
  const input = screen.getByLabelText(label);
  const owner = input.closest('form');
  if (!owner) throw new Error(`${label} is not in a form`);
  return { input, save: within(owner).getByRole('button', { name: 'Save' }) };
}

describe('SettingsDialog', () => {
  it('saves a new server address, saying it signs out of the current one', async () => {
    const memory = new MemoryApi();
    const { user } = await open(memory);
    expect(screen.getByText(/signs you out of the current one/)).toBeInTheDocument();
    const { input } = form('Server address');
    await user.clear(input);
    await user.type(input, 'https://videos.example.com{Enter}');
    await waitFor(() => expect(memory.settings.serverUrl).toBe('https://videos.example.com'));
    expect(memory.callsTo('settings:set')).toEqual([{ serverUrl: 'https://videos.example.com' }]);
    expect(memory.session).toMatchObject({
      status: 'signed_out',
      serverUrl: 'https://videos.example.com',
      reason: 'server_changed',
    });
  });

  it('explains a bad server address inline and saves nothing', async () => {
    const memory = new MemoryApi();
    const { user } = await open(memory);
    const { input, save } = form('Server address');
    await user.clear(input);
    await user.type(input, 'not a url');
    await user.click(save);
    expect(await screen.findByRole('alert')).toHaveTextContent('“not a url” is not a web address');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/not a web address/);
    await user.clear(input);
    await user.type(input, 'ftp://files.example.com{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('must start with http:// or https://');
    expect(memory.callsTo('settings:set')).toEqual([]);
    expect(memory.settings.serverUrl).toBe('http://127.0.0.1:4000');
  });

  it("shows the core's own message when it refuses a value, and keeps the saved one", async () => {
    const memory = new MemoryApi();
    memory.failures.set('settings:set', {
      code: 'invalid_request',
      message: 'Invalid request for settings:set: downloadDir: Too small',
    });
    const { user } = await open(memory);
    const { input } = form('Download folder');
    await user.clear(input);
    await user.type(input, '/media/videos{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Invalid request for settings:set: downloadDir: Too small',
    );
    expect(memory.settings.downloadDir).toBe('/tmp/downloads');
    await waitFor(() => expect(input).toHaveValue('/tmp/downloads'));
  });

  it('saves the download folder, concurrency, bandwidth, cache size and the sidecar switch', async () => {
    const memory = new MemoryApi();
    const { user } = await open(memory);
    const folder = form('Download folder');
    await user.clear(folder.input);
    await user.type(folder.input, '/home/ada/ASMR');
    await user.click(folder.save);
    await waitFor(() => expect(memory.settings.downloadDir).toBe('/home/ada/ASMR'));

    await user.selectOptions(screen.getByLabelText('Downloads at the same time'), '5');
    await waitFor(() => expect(memory.settings.downloadConcurrency).toBe(5));

    const bandwidth = form('Bandwidth limit (KB/s)');
    expect(screen.getByText('0 means unlimited.')).toBeInTheDocument();
    await user.clear(bandwidth.input);
    await user.type(bandwidth.input, '750{Enter}');
    await waitFor(() => expect(memory.settings.bandwidthLimitKBps).toBe(750));

    const cache = form('Cache size (MB)');
    await user.clear(cache.input);
    await user.type(cache.input, '2000{Enter}');
    await waitFor(() => expect(memory.settings.mediaCacheMb).toBe(2000));

    await user.click(screen.getByRole('checkbox', { name: /JSON file/ }));
    await waitFor(() => expect(memory.settings.writeSidecar).toBe(true));

    await user.click(screen.getByRole('radio', { name: 'List' }));
    await waitFor(() => expect(memory.settings.viewMode).toBe('list'));
    await user.selectOptions(screen.getByLabelText('Videos per page (numbered pages)'), '96');
    await waitFor(() => expect(memory.settings.pageSize).toBe(96));

    expect(memory.callsTo('settings:set')).toEqual([
      { downloadDir: '/home/ada/ASMR' },
      { downloadConcurrency: 5 },
      { bandwidthLimitKBps: 750 },
      { mediaCacheMb: 2000 },
      { writeSidecar: true },
      { viewMode: 'list' },
      { pageSize: 96 },
    ]);
  });

  it('refuses numbers out of range before asking the core', async () => {
    const memory = new MemoryApi();
    const { user } = await open(memory);
    const cache = form('Cache size (MB)');
    await user.clear(cache.input);
    await user.type(cache.input, '10{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter the size in MB from 50 to 100,000.');
    const bandwidth = form('Bandwidth limit (KB/s)');
    await user.clear(bandwidth.input);
    await user.type(bandwidth.input, '1.5{Enter}');
    expect(screen.getByText('Enter the limit in KB/s as a whole number.')).toBeInTheDocument();
    expect(memory.callsTo('settings:set')).toEqual([]);
  });

  it('fills the folder from the native picker, which starts at the current folder', async () => {
    const asked: string[] = [];
    const memory = new MemoryApi({
      folderPicker: (current) => {
        asked.push(current);
        return '/Users/ada/Movies/ASMR';
      },
    });
    const { user } = await open(memory);
    await user.click(screen.getByRole('button', { name: 'Choose…' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Download folder')).toHaveValue('/Users/ada/Movies/ASMR'),
    );
    expect(asked).toEqual(['/tmp/downloads']);
    expect(memory.settings.downloadDir).toBe('/Users/ada/Movies/ASMR');
  });

  it('keeps the folder when the picker is cancelled', async () => {
    const memory = new MemoryApi({ folderPicker: () => null });
    const { user } = await open(memory);
    await user.click(screen.getByRole('button', { name: 'Choose…' }));
    await waitFor(() => expect(memory.callsTo('dialog:pickFolder')).toHaveLength(1));
    expect(screen.getByLabelText('Download folder')).toHaveValue('/tmp/downloads');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says where there is no folder picker, and the folder can still be typed', async () => {
    const memory = new MemoryApi({ folderPicker: null });
    const { user } = await open(memory);
    await user.click(screen.getByRole('button', { name: 'Choose…' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Choosing a folder is only available in the desktop app',
    );
    const folder = form('Download folder');
    await user.clear(folder.input);
    await user.type(folder.input, '/srv/videos{Enter}');
    await waitFor(() => expect(memory.settings.downloadDir).toBe('/srv/videos'));
  });

  it('clears the media cache and tells how much was freed', async () => {
    const memory = new MemoryApi({ mediaCacheBytes: 5 * 1024 * 1024 });
    const { user } = await open(memory);
    await user.click(screen.getByRole('button', { name: 'Clear cache' }));
    expect(await screen.findByText('Media cache cleared: 5.0 MB freed.')).toBeInTheDocument();
    expect(memory.mediaCacheBytes).toBe(0);
  });

  it('reports a cache that could not be cleared', async () => {
    const memory = new MemoryApi();
    memory.failures.set('media:clearCache', { code: 'internal', message: 'Disk is busy' });
    const { user } = await open(memory);
    await user.click(screen.getByRole('button', { name: 'Clear cache' }));
    expect(await screen.findByText('Could not clear the media cache: Disk is busy')).toBeInTheDocument();
  });
});
