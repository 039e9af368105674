import { describe, expect, it } from 'vitest';
import { parseServerArgs } from '../../../server/src/cli/serverArgs';
import { LOCAL_REFERENCE_SERVER_URL, defaultServerUrl } from './server-url';

describe('default server', () => {
  it('is the embedded reference server under npm start', () => {
    expect(defaultServerUrl({ AIASMR_SERVER_URL: 'http://127.0.0.1:40123' }, true)).toBe(
      'http://127.0.0.1:40123',
    );
  });

  it('is the local reference server in a packaged app, whatever the environment says', () => {
    expect(defaultServerUrl({ AIASMR_SERVER_URL: 'http://127.0.0.1:40123' }, false)).toBe(
      LOCAL_REFERENCE_SERVER_URL,
    );
    expect(defaultServerUrl({}, true)).toBe(LOCAL_REFERENCE_SERVER_URL);
    expect(defaultServerUrl({ AIASMR_SERVER_URL: '' }, true)).toBe(LOCAL_REFERENCE_SERVER_URL);
  });

  it('is where `npm run server` listens by default', () => {
    const args = parseServerArgs([], {});
    expect(LOCAL_REFERENCE_SERVER_URL).toBe(`http://${args.host}:${args.port}`);
  });
});
