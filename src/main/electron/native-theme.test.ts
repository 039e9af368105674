import { describe, expect, it } from 'vitest';
import { createNativeThemeSync, type NativeThemeLike } from './native-theme';

/** Electron's nativeTheme: themeSource is a setter with effects, so every assignment is recorded. */
function fakeNativeTheme(): NativeThemeLike & { assigned: string[] } {
  let source: NativeThemeLike['themeSource'] = 'system';
  const assigned: string[] = [];
  return {
    assigned,
    get themeSource() {
      return source;
    },
    set themeSource(value) {
      assigned.push(value);
      source = value;
    },
  };
}

describe('native theme', () => {
  it('follows the theme setting, assigning only on a change', () => {
    const theme = fakeNativeTheme();
    const sync = createNativeThemeSync(theme);
    sync.apply('system');
    sync.apply('dark');
    sync.apply('dark');
    sync.apply('light');
    sync.apply('system');
    expect(theme.assigned).toEqual(['dark', 'light', 'system']);
    expect(theme.themeSource).toBe('system');
  });
});
