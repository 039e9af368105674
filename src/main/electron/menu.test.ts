import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, flattenMenu, type MenuActions } from './menu';

function build(platform: NodeJS.Platform, development = false) {
  const clicked: string[] = [];
  const actions: MenuActions = {
    search: () => clicked.push('search'),
    selectAll: () => clicked.push('selectAll'),
    refresh: () => clicked.push('refresh'),
    settings: () => clicked.push('settings'),
    openLogsFolder: () => clicked.push('logs'),
    openFaq: () => clicked.push('faq'),
    contactSupport: () => clicked.push('support'),
    checkForUpdates: () => clicked.push('updates'),
  };
  const template = buildMenuTemplate({ platform, appName: 'AIASMR Video', development, actions });
  const items = flattenMenu(template);
  const byLabel = (label: string) => items.find((i) => i.label === label);
  const byRole = (role: string) => items.find((i) => i.role === role);
  return { template, items, clicked, byLabel, byRole };
}

describe.each(['darwin', 'win32', 'linux'] as const)('application menu on %s', (platform) => {
  it('has the app commands with their shortcuts, wired to their actions', () => {
    const { byLabel, clicked } = build(platform);
    const expected: [string, string, string][] = [
      ['Search Videos', 'CmdOrCtrl+F', 'search'],
      ['Select All', 'CmdOrCtrl+A', 'selectAll'],
      ['Refresh', 'CmdOrCtrl+R', 'refresh'],
      [platform === 'darwin' ? 'Settings…' : 'Settings', 'CmdOrCtrl+,', 'settings'],
    ];
    for (const [label, accelerator, action] of expected) {
      const item = byLabel(label);
      expect(item?.accelerator).toBe(accelerator);
      item?.click?.();
      expect(clicked.at(-1)).toBe(action);
    }
    byLabel('Open Logs Folder')?.click?.();
    byLabel('FAQ')?.click?.();
    byLabel('Contact Support')?.click?.();
    byLabel('Check for Updates…')?.click?.();
    expect(clicked.slice(expected.length)).toEqual(['logs', 'faq', 'support', 'updates']);
  });

  it('has the standard roles: clipboard, quit, about', () => {
    const { byRole } = build(platform);
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'quit', 'about', 'minimize']) {
      expect(byRole(role), role).toBeDefined();
    }
    expect(byRole('quit')?.accelerator).toBe(platform === 'darwin' ? 'Cmd+Q' : 'Ctrl+Q');
  });

  it('hides reload and the developer tools outside development', () => {
    expect(build(platform).byRole('toggleDevTools')).toBeUndefined();
    expect(build(platform).byRole('reload')).toBeUndefined();
    expect(build(platform, true).byRole('toggleDevTools')).toBeDefined();
    // The reload role's own shortcut (CmdOrCtrl+R) would shadow Refresh.
    expect(build(platform, true).byRole('reload')?.accelerator).toBe('CmdOrCtrl+Shift+R');
  });

  it('gives every shortcut to one item only, in development too', () => {
    for (const development of [false, true]) {
      const accelerators = build(platform, development)
        .items.map((item) => item.accelerator)
        .filter((accelerator) => accelerator !== undefined);
      expect(new Set(accelerators).size, accelerators.join(' ')).toBe(accelerators.length);
    }
  });
});

describe('macOS app menu', () => {
  it('comes first, named after the app, with About, Settings, Hide and Quit', () => {
    const { template } = build('darwin');
    const first = template[0];
    expect(first?.label).toBe('AIASMR Video');
    expect(first?.role).toBe('appMenu');
    const roles = (first?.submenu ?? []).map((i) => i.role ?? i.label ?? i.type);
    expect(roles).toEqual([
      'about',
      'separator',
      'Settings…',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
  });

  it('is absent elsewhere, where File holds Settings and Quit and Help holds About', () => {
    const { template } = build('win32');
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    expect(template.at(-1)?.submenu?.at(-1)?.role).toBe('about');
  });
});

describe('Edit → Select All', () => {
  it.each(['darwin', 'win32', 'linux'] as const)(
    'on %s is a command for the page, not the selectAll role (whose own action ignores click)',
    (platform) => {
      const { template, clicked, byRole } = build(platform);
      expect(byRole('selectAll')).toBeUndefined();
      const edit = template.find((menu) => menu.role === 'editMenu');
      const item = edit?.submenu?.find((i) => i.label === 'Select All');
      expect(item).toMatchObject({ accelerator: 'CmdOrCtrl+A' });
      expect(item?.role).toBeUndefined();
      item?.click?.();
      expect(clicked).toEqual(['selectAll']);
    },
  );
});
