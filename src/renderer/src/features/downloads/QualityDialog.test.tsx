import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { makeVideo } from '../../../test/memory-api';
import { QualityDialog } from './QualityDialog';

describe('QualityDialog', () => {
  it('lists SD/HD/4K with sizes and gates qualities the plan does not allow', async () => {
    const video = makeVideo(1);
    const onChoose = vi.fn();
    const onUpgrade = vi.fn();
    render(
      <QualityDialog video={video} onClose={() => undefined} onChoose={onChoose} onUpgrade={onUpgrade} />,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Download “Video 00001”' });
    expect(within(dialog).getByText('854×480 · 11.4 MB')).toBeInTheDocument();
    expect(within(dialog).getByText('Needs the Pro plan')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(within(dialog).getByRole('button', { name: 'Download HD (45.8 MB)' }));
    expect(onChoose).toHaveBeenCalledWith(video, 'hd');
    await user.click(within(dialog).getByRole('button', { name: 'Upgrade to download 4K' }));
    expect(onUpgrade).toHaveBeenCalled();
  });
});
