import { describe, expect, it } from 'vitest';
import { aboutPanelOptions } from './about';

describe('About panel', () => {
  it('shows the app name and its version on every system', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const options = aboutPanelOptions('AIASMR Video', '1.4.2', platform);
      expect(options.applicationName).toBe('AIASMR Video');
      expect(options.applicationVersion).toBe('1.4.2');
      expect(options.credits).toContain('support@aiasmr.so');
    }
    expect(aboutPanelOptions('AIASMR Video', '1.4.2', 'linux').version).toBe('1.4.2');
  });
});
