import { isAbsolute } from 'node:path';

// The native folder picker for the download folder (Settings). The chosen path comes from the system
// dialog, never from the renderer.

export interface OpenDialogLike {
  showOpenDialog(
    window: unknown,
    options: {
      title: string;
      defaultPath?: string;
      buttonLabel: string;
      properties: ('openDirectory' | 'createDirectory' | 'promptToCreate')[];
    },
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** The chosen folder, or null when the user cancelled. */
export async function pickFolder(
  dialog: OpenDialogLike,
  parent: unknown,
  currentDir: string | undefined,
): Promise<string | null> {
  const result = await dialog.showOpenDialog(parent, {
    title: 'Choose the download folder',
    ...(currentDir === undefined || currentDir === '' ? {} : { defaultPath: currentDir }),
    buttonLabel: 'Use This Folder',
    properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
  });
  if (result.canceled) return null;
  const [chosen] = result.filePaths;
  if (chosen === undefined) return null;
  if (!isAbsolute(chosen)) throw new Error(`The folder picker returned a relative path: ${chosen}`);
  return chosen;
}
