import { describe, expect, it } from 'vitest';
import { parseWebHostArgs, WebHostUsageError } from './args';

describe('parseWebHostArgs', () => {
  it('reads every option', () => {
    expect(
      parseWebHostArgs(['--port', '5000', '--data', '/d', '--server', 'http://127.0.0.1:9/', '--no-open']),
    ).toEqual({
      port: 5000,
      dataDir: '/d',
      serverUrl: 'http://127.0.0.1:9',
      rendererDir: null,
      open: false,
    });
  });
  it.each([[['--port', 'x']], [['--port']], [['--server', 'ftp://x']], [['--wat']], [['--data', '--port']]])(
    'refuses %j with the usage',
    (argv) => {
      expect(() => parseWebHostArgs(argv)).toThrow(WebHostUsageError);
    },
  );
});
