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
      <QualityDialog
        video={video}
        plan="basic"
        onClose={() => undefined}
        onChoose={onChoose}
        onUpgrade={onUpgrade}
      />,
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

  // Issue 13, defect 1: a card's flags are cached under the plan of its last sync; the dialog follows the
  // plan the user has now, as the bulk dialog does.
  it('gates by the current plan, not by the flags the video was cached with', async () => {
    const cachedUnderPro = makeVideo(1);
    cachedUnderPro.qualities = cachedUnderPro.qualities.map((q) => ({ ...q, allowed: true }));
    const { rerender } = render(
      <QualityDialog
        video={cachedUnderPro}
        plan="free"
        onClose={() => undefined}
        onChoose={() => undefined}
        onUpgrade={() => undefined}
      />,
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByRole('button', { name: /^Download 4K/ })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: /^Download HD/ })).toBeNull();
    expect(within(dialog).getByRole('button', { name: 'Upgrade to download 4K' })).toBeInTheDocument();

    const cachedUnderFree = makeVideo(1);
    cachedUnderFree.qualities = cachedUnderFree.qualities.map((q) => ({ ...q, allowed: q.quality === 'sd' }));
    rerender(
      <QualityDialog
        video={cachedUnderFree}
        plan="pro"
        onClose={() => undefined}
        onChoose={() => undefined}
        onUpgrade={() => undefined}
      />,
    );
    expect(within(dialog).getByRole('button', { name: /^Download 4K/ })).toBeInTheDocument();
    expect(within(dialog).queryByText('Needs the Pro plan')).toBeNull();
  });
});
