// The application menu, as a template for Menu.buildFromTemplate: standard roles (so the system's
// own shortcuts and the macOS app menu work) plus the app's commands with their shortcuts.

export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'reload'
  | 'toggleDevTools'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'appMenu'
  | 'fileMenu'
  | 'editMenu'
  | 'viewMenu'
  | 'windowMenu'
  | 'help';

export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'separator' | 'normal';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuActions {
  search(): void;
  /** Edit → Select All, sent to the page (see the item below). */
  selectAll(): void;
  refresh(): void;
  settings(): void;
  openLogsFolder(): void;
  openFaq(): void;
  contactSupport(): void;
  checkForUpdates(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  development: boolean;
  actions: MenuActions;
}

const separator: MenuItemTemplate = { type: 'separator' };

export function buildMenuTemplate({
  platform,
  appName,
  development,
  actions,
}: MenuOptions): MenuItemTemplate[] {
  const mac = platform === 'darwin';
  const settings: MenuItemTemplate = {
    label: mac ? 'Settings…' : 'Settings',
    accelerator: 'CmdOrCtrl+,',
    click: actions.settings,
  };
  const appMenu: MenuItemTemplate[] = mac
    ? [
        {
          label: appName,
          role: 'appMenu',
          submenu: [
            { role: 'about', label: `About ${appName}` },
            separator,
            settings,
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit', label: `Quit ${appName}`, accelerator: 'Cmd+Q' },
          ],
        },
      ]
    : [];
  const file: MenuItemTemplate = {
    label: '&File',
    role: 'fileMenu',
    submenu: [
      { label: 'Refresh', accelerator: 'CmdOrCtrl+R', click: actions.refresh },
      ...(mac ? [] : [separator, settings]),
      separator,
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  };
  const edit: MenuItemTemplate = {
    label: '&Edit',
    role: 'editMenu',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } satisfies MenuItemTemplate] : []),
      { role: 'delete' },
      // Not the selectAll role: Electron runs a role's own action and ignores click, and that action
      // selects the page's text, not videos. The page gets the command instead and selects the videos
      // matching the query, or the focused text field's text as the role would.
      { label: 'Select All', accelerator: 'CmdOrCtrl+A', click: actions.selectAll },
      separator,
      { label: 'Search Videos', accelerator: 'CmdOrCtrl+F', click: actions.search },
    ],
  };
  const view: MenuItemTemplate = {
    label: '&View',
    role: 'viewMenu',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      // Reloading the page and the developer tools are for development builds only; reload moves off
      // CmdOrCtrl+R, which is the app's Refresh.
      ...(development
        ? [
            separator,
            { role: 'reload', accelerator: 'CmdOrCtrl+Shift+R' } satisfies MenuItemTemplate,
            { role: 'toggleDevTools' } satisfies MenuItemTemplate,
          ]
        : []),
    ],
  };
  const windowMenu: MenuItemTemplate = {
    label: '&Window',
    role: 'windowMenu',
    submenu: mac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };
  const help: MenuItemTemplate = {
    label: '&Help',
    role: 'help',
    submenu: [
      { label: 'FAQ', click: actions.openFaq },
      { label: 'Contact Support', click: actions.contactSupport },
      separator,
      { label: 'Open Logs Folder', click: actions.openLogsFolder },
      { label: 'Check for Updates…', click: actions.checkForUpdates },
      ...(mac ? [] : [separator, { role: 'about', label: `About ${appName}` } satisfies MenuItemTemplate]),
    ],
  };
  return [...appMenu, file, edit, view, windowMenu, help];
}

/** Every item of a template, depth first (for tests and for finding an item by label). */
export function flattenMenu(items: readonly MenuItemTemplate[]): MenuItemTemplate[] {
  return items.flatMap((item) => [item, ...flattenMenu(item.submenu ?? [])]);
}
