// The About panel (app menu on macOS, Help menu elsewhere): name, version and where to get help.
export function aboutPanelOptions(appName: string, version: string, platform: NodeJS.Platform) {
  return {
    applicationName: appName,
    applicationVersion: version,
    // macOS shows `version` in brackets after applicationVersion: give it the build platform instead.
    version: platform === 'darwin' ? '' : version,
    copyright: 'Copyright © 2026 AIASMR',
    website: 'https://aiasmr.so',
    credits: 'Help: https://aiasmr.so/faq · support@aiasmr.so',
  };
}
