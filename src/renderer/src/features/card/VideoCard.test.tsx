import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeVideo } from '../../../test/memory-api';
import { VideoCard, type CardHandlers } from './VideoCard';

function handlers() {
  return {
    onAction: vi.fn<CardHandlers['onAction']>(),
    onWhy: vi.fn<CardHandlers['onWhy']>(),
    onToggleSelect: vi.fn<CardHandlers['onToggleSelect']>(),
    onFocusCell: vi.fn<CardHandlers['onFocusCell']>(),
    onDragOut: vi.fn<CardHandlers['onDragOut']>(),
  };
}

function renderCard(video = makeVideo(1), extra: Partial<Parameters<typeof VideoCard>[0]> = {}) {
  const h = handlers();
  render(
    <VideoCard
      index={0}
      column={0}
      video={video}
      layout="grid"
      selected={false}
      tabbable
      thumbSizes="300px"
      {...h}
      {...extra}
    />,
  );
  return h;
}

describe('VideoCard', () => {
  it('shows title, generation time, cost and a Ready badge', () => {
    renderCard(makeVideo(1, { status: 'ready', createdAt: '2025-06-25T14:02:00', creditCost: 25 }));
    expect(screen.getByRole('heading', { name: 'Video 00001' })).toBeInTheDocument();
    expect(screen.getByText('Jun 25, 2025, 14:02')).toBeInTheDocument();
    expect(screen.getByText('25 credits')).toBeInTheDocument();
    expect(screen.getByText('Ready')).toBeInTheDocument();
  });

  it('shows processing progress and disables download and preview with the reason', () => {
    const h = renderCard(
      makeVideo(2, { status: 'processing', progress: 0.42, thumbnailUrl: null, previewUrl: null }),
    );
    expect(screen.getByText('Processing 42%')).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '42');
    const download = screen.getByRole('button', { name: /^Download Video 00002, / });
    expect(download).toHaveAttribute('aria-disabled', 'true');
    expect(download).toHaveAccessibleDescription('Download is available once the video is ready');
    fireEvent.click(download);
    expect(h.onAction).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /^Regenerate Video 00002, / })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('shows the failure reason and links to the FAQ entry', () => {
    const video = makeVideo(4, {
      status: 'failed',
      failure: { code: 'capacity', message: 'Render farm full' },
    });
    const h = renderCard(video);
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('Render farm full')).toBeInTheDocument();
    const link = screen.getByRole('link', { name: 'Why did this fail?' });
    expect(link).toHaveAttribute('href', '#faq-capacity');
    fireEvent.click(link);
    expect(h.onWhy).toHaveBeenCalledWith(video);
    expect(screen.getByRole('button', { name: /^Regenerate Video 00004, / })).not.toHaveAttribute(
      'aria-disabled',
    );
  });

  it('runs actions and keyboard commands on the cell', () => {
    const video = makeVideo(1, { status: 'ready' });
    const h = renderCard(video);
    fireEvent.click(screen.getByRole('button', { name: /^Delete Video 00001, / }));
    expect(h.onAction).toHaveBeenLastCalledWith('delete', video);
    const cell = screen.getByRole('gridcell');
    fireEvent.keyDown(cell, { key: 'Enter' });
    expect(h.onAction).toHaveBeenLastCalledWith('preview', video);
    fireEvent.keyDown(cell, { key: ' ' });
    expect(h.onToggleSelect).toHaveBeenLastCalledWith(0, 1, false);
    fireEvent.keyDown(cell, { key: 'Delete' });
    expect(h.onAction).toHaveBeenLastCalledWith('delete', video);
    fireEvent.click(screen.getByRole('checkbox', { name: /^Select Video 00001, / }), { shiftKey: true });
    expect(h.onToggleSelect).toHaveBeenLastCalledWith(0, 1, true);
  });

  it('marks actions waiting to sync', () => {
    renderCard(makeVideo(1, { status: 'ready', pending: 'delete' }));
    expect(screen.getByText('Pending delete · will sync')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Preview Video 00001, / })).toHaveAccessibleDescription(
      'Waiting to be deleted when you are back online',
    );
  });

  it('serves the thumbnail with a width descriptor and sizes for HiDPI screens', () => {
    const { container } = render(
      <VideoCard
        index={0}
        column={0}
        video={makeVideo(1)}
        layout="grid"
        selected={false}
        tabbable
        thumbSizes="310px"
        {...handlers()}
      />,
    );
    const img = container.querySelector('img');
    expect(img).toHaveAttribute('srcset', '/media/1/thumbnail.jpg 1920w');
    expect(img).toHaveAttribute('sizes', '310px');
  });

  it('renders a loading skeleton for a row not yet read', () => {
    render(
      <VideoCard
        index={7}
        column={0}
        video={undefined}
        layout="grid"
        selected={false}
        tabbable={false}
        thumbSizes="1px"
        {...handlers()}
      />,
    );
    expect(screen.getByRole('gridcell')).toHaveAttribute('aria-busy', 'true');
    expect(screen.getByText('Loading video 8')).toBeInTheDocument();
  });

  // Issue 13, defect 5: a regenerated copy keeps its title, so names carry the generation time too.
  it('names the controls of same-title videos apart', () => {
    renderCard(makeVideo(1, { title: 'Deep Sleep', createdAt: '2025-06-25T14:02:00' }));
    renderCard(makeVideo(2, { title: 'Deep Sleep', createdAt: '2025-07-01T09:30:00' }));
    const deletes = screen.getAllByRole('button', { name: /^Delete Deep Sleep/ });
    expect(deletes.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Delete Deep Sleep, Jun 25, 2025, 14:02',
      'Delete Deep Sleep, Jul 1, 2025, 09:30',
    ]);
    const checks = screen.getAllByRole('checkbox', { name: /^Select Deep Sleep/ });
    expect(new Set(checks.map((c) => c.getAttribute('aria-label'))).size).toBe(2);
  });

  // Issue 13, defect 8: the reason was a pseudo-element of the dimmed button (so dimmed too) and drawn
  // over the failure text. Now it is its own element, outside the button, that describes it.
  it('explains a disabled action in a tooltip outside the dimmed button', () => {
    const video = makeVideo(4, {
      status: 'failed',
      failure: { code: 'capacity', message: 'Render farm full' },
    });
    renderCard(video);
    const preview = screen.getByRole('button', { name: /^Preview Video 00004, / });
    expect(preview).toHaveAttribute('aria-disabled', 'true');
    const tip = screen
      .getAllByRole('tooltip', { hidden: true })
      .find((t) => t.id === preview.getAttribute('aria-describedby'));
    expect(tip).toHaveTextContent('Generation failed, so there is nothing to preview');
    expect(preview).not.toContainElement(tip ?? null);
    expect(preview).toHaveAccessibleDescription('Generation failed, so there is nothing to preview');
  });

  // Issue 13, aspect-true thumbnails: a vertical or square video is marked with its shape and shown
  // whole (card.css letterboxes it with object-fit: contain instead of cropping it to 16:9).
  it('marks the media with the video shape taken from its files', () => {
    const shaped = (width: number, height: number, id: number) => {
      const v = makeVideo(id, { status: 'ready' });
      v.qualities = v.qualities.map((q) => ({ ...q, width: Math.round((q.height * width) / height) }));
      return v;
    };
    const { container } = render(
      <>
        {[shaped(16, 9, 1), shaped(9, 16, 2), shaped(1, 1, 3)].map((video, i) => (
          <VideoCard
            key={video.id}
            index={i}
            column={i}
            video={video}
            layout="grid"
            selected={false}
            tabbable={false}
            thumbSizes="300px"
            {...handlers()}
          />
        ))}
      </>,
    );
    const shapes = [...container.querySelectorAll('.card-media')].map((m) => m.getAttribute('data-shape'));
    expect(shapes).toEqual(['landscape', 'portrait', 'square']);
  });
});
