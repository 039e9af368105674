import { describe, expect, it } from 'vitest';
import { pickFolder, type OpenDialogLike } from './folder-picker';

function fakeDialog(result: { canceled: boolean; filePaths: string[] }) {
  const calls: unknown[][] = [];
  const dialog: OpenDialogLike = {
    showOpenDialog: async (win, options) => {
      calls.push([win, options]);
      return result;
    },
  };
  return { dialog, calls };
}

describe('folder picker', () => {
  it('opens a directory picker on the window, starting in the current folder', async () => {
    const { dialog, calls } = fakeDialog({ canceled: false, filePaths: ['/home/u/Videos/ASMR'] });
    await expect(pickFolder(dialog, 'win', '/home/u/Videos')).resolves.toBe('/home/u/Videos/ASMR');
    expect(calls[0]?.[0]).toBe('win');
    expect(calls[0]?.[1]).toMatchObject({
      defaultPath: '/home/u/Videos',
      properties: expect.arrayContaining(['openDirectory']),
    });
  });

  it('returns null when cancelled or empty', async () => {
    await expect(
      pickFolder(fakeDialog({ canceled: true, filePaths: [] }).dialog, null, undefined),
    ).resolves.toBeNull();
    await expect(
      pickFolder(fakeDialog({ canceled: false, filePaths: [] }).dialog, null, ''),
    ).resolves.toBeNull();
  });

  it('refuses a relative path', async () => {
    await expect(
      pickFolder(fakeDialog({ canceled: false, filePaths: ['Videos'] }).dialog, null, undefined),
    ).rejects.toThrow('relative path');
  });
});
