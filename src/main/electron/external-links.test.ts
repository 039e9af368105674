import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINKS } from '../../shared/links';
import { isAllowedExternalUrl, openExternalSafely } from './external-links';

describe('external link allow-list', () => {
  it.each([
    EXTERNAL_LINKS.billing,
    EXTERNAL_LINKS.faq,
    EXTERNAL_LINKS.support,
    'https://aiasmr.so/faq#why-generation-failed',
    'https://aiasmr.so/faq/generation-failed',
    'https://aiasmr.so/billing?pack=starter',
    'mailto:support@aiasmr.so?subject=Video%20123%20failed',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'http://aiasmr.so/billing',
    'https://aiasmr.so/',
    'https://aiasmr.so/billingx',
    'https://aiasmr.so.evil.example/billing',
    'https://evil.example/faq',
    'https://user:pw@aiasmr.so/faq',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'mailto:someone@else.example',
    'mailto:support@aiasmr.so?cc=someone@else.example',
    'smb://aiasmr.so/billing',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('opens allowed links with the system shell and never others', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) };
    await expect(openExternalSafely(shell, EXTERNAL_LINKS.faq)).resolves.toEqual({ opened: true });
    const refused = await openExternalSafely(shell, 'https://evil.example/');
    expect(refused).toMatchObject({ opened: false, reason: expect.stringContaining('not an allowed link') });
    expect(opened).toEqual([EXTERNAL_LINKS.faq]);
  });

  it('reports a system failure instead of throwing', async () => {
    const shell = { openExternal: async () => Promise.reject(new Error('no handler for mailto')) };
    await expect(openExternalSafely(shell, EXTERNAL_LINKS.support)).resolves.toEqual({
      opened: false,
      reason: 'The system could not open the link: no handler for mailto',
    });
  });
});
