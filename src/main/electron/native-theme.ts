import type { Settings } from '../../shared/ipc/models';

// The theme setting (system / light / dark) drives Electron's native theme too, so that the menus,
// dialogs, the title bar and the window background match the page; the page itself applies the
// setting to its own styles (src/renderer/src/features/settings/useTheme.ts).

export interface NativeThemeLike {
  themeSource: Settings['theme'];
}

export function createNativeThemeSync(nativeTheme: NativeThemeLike) {
  return {
    apply(theme: Settings['theme']): void {
      if (nativeTheme.themeSource !== theme) nativeTheme.themeSource = theme;
    },
  };
}
