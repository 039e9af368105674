import { EXTERNAL_LINKS } from '../../shared/links';

// shell.openExternal hands a URL to the operating system, so only the app's own billing and FAQ pages
// (any sub-page or #section of them) and the support mail address may pass; everything else is refused.

const WEB_PREFIXES = [EXTERNAL_LINKS.billing, EXTERNAL_LINKS.faq].map((link) => new URL(link));
const SUPPORT_ADDRESS = new URL(EXTERNAL_LINKS.support).pathname;

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'mailto:') {
    // mailto:support@aiasmr.so, optionally with ?subject=…&body=… (no extra recipients).
    const extraRecipients = ['to', 'cc', 'bcc'].some((key) => url.searchParams.has(key));
    return decodeURIComponent(url.pathname).toLowerCase() === SUPPORT_ADDRESS && !extraRecipients;
  }
  return WEB_PREFIXES.some(
    (prefix) =>
      url.protocol === prefix.protocol &&
      url.host === prefix.host &&
      (url.pathname === prefix.pathname || url.pathname.startsWith(`${prefix.pathname}/`)),
  );
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

export type ExternalOpenResult = { opened: true } | { opened: false; reason: string };

/** Opens an allow-listed URL with the system; anything else is refused and reported, never opened. */
export async function openExternalSafely(shell: ShellLike, url: string): Promise<ExternalOpenResult> {
  if (!isAllowedExternalUrl(url)) {
    return {
      opened: false,
      reason: `Refused to open ${JSON.stringify(url.slice(0, 200))}: not an allowed link`,
    };
  }
  try {
    await shell.openExternal(url);
    return { opened: true };
  } catch (error) {
    return { opened: false, reason: `The system could not open the link: ${errorText(error)}` };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
