import { StrictMode } from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeVideo } from '../../../test/memory-api';
import { PreviewDialog } from './PreviewDialog';

describe('PreviewDialog', () => {
  it('mounts exactly one video.js player under StrictMode and disposes it on close', async () => {
    const video = makeVideo(1, { status: 'ready' });
    const onClose = vi.fn();
    const { rerender } = render(
      <StrictMode>
        <PreviewDialog video={video} onClose={onClose} onCloseAutoFocus={() => undefined} />
      </StrictMode>,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Video 00001' });
    // The player's code loads lazily with the first preview: on a busy machine that takes over a second.
    await waitFor(() => expect(dialog.querySelectorAll('.video-js')).toHaveLength(1), { timeout: 10_000 });
    // jsdom cannot play MP4, so the source itself is checked in the browser end-to-end suite.
    expect(dialog.querySelectorAll('video')).toHaveLength(1);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
    rerender(
      <StrictMode>
        <PreviewDialog video={null} onClose={onClose} onCloseAutoFocus={() => undefined} />
      </StrictMode>,
    );
    await waitFor(() => expect(document.querySelector('.video-js')).toBeNull());
  });
});
