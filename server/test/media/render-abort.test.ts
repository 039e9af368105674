import { describe, expect, it } from 'vitest';
import { RenderAbortedError, runFfmpeg } from '../../src/media/renderFfmpeg';

describe('runFfmpeg with an abort signal', () => {
  it('kills a running ffmpeg when the signal aborts and rejects with RenderAbortedError', async () => {
    const abort = new AbortController();
    // An endless render: only the abort can end it before the timeout.
    const run = runFfmpeg(
      ['-hide_banner', '-nostdin', '-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-f', 'null', '-'],
      {
        timeoutMs: 120_000,
        signal: abort.signal,
      },
    );
    setTimeout(() => abort.abort(), 300);
    await expect(run).rejects.toBeInstanceOf(RenderAbortedError);
  });

  it('does not start ffmpeg when the signal has already aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(
      runFfmpeg(['-version'], { timeoutMs: 10_000, binary: '/nonexistent/ffmpeg', signal: abort.signal }),
    ).rejects.toBeInstanceOf(RenderAbortedError);
  });
});
