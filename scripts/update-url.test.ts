import { describe, expect, it } from 'vitest';
import { LOCAL_UPDATE_URL, updateUrlFrom } from './update-url';

describe('update server URL for npm run dist', () => {
  it('takes AIASMR_UPDATE_URL when it is an http(s) URL', () => {
    expect(updateUrlFrom({ AIASMR_UPDATE_URL: 'https://updates.example.test/desktop' })).toEqual({
      ok: true,
      url: 'https://updates.example.test/desktop',
      defaulted: false,
    });
  });

  it('falls back to the local update server, and says it did', () => {
    expect(updateUrlFrom({})).toEqual({ ok: true, url: LOCAL_UPDATE_URL, defaulted: true });
    expect(updateUrlFrom({ AIASMR_UPDATE_URL: '' })).toEqual({
      ok: true,
      url: LOCAL_UPDATE_URL,
      defaulted: true,
    });
    expect(LOCAL_UPDATE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses anything else with a clear problem', () => {
    expect(updateUrlFrom({ AIASMR_UPDATE_URL: 'updates' })).toEqual({
      ok: false,
      problem: 'AIASMR_UPDATE_URL must be an http(s) URL, got "updates"',
    });
    expect(updateUrlFrom({ AIASMR_UPDATE_URL: 'ftp://files/x' })).toMatchObject({ ok: false });
  });
});
