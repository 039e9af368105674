// The only external destinations the app opens (in the system browser or mail client). The renderer
// uses these constants; the Electron host refuses every other URL (see src/main/electron/external-links.ts).
export const EXTERNAL_LINKS = {
  billing: 'https://aiasmr.so/billing',
  faq: 'https://aiasmr.so/faq',
  support: 'mailto:support@aiasmr.so',
} as const;
