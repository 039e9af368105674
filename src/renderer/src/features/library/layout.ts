// Fixed geometry of the virtualized grid and list: every row of a layout has the same height, computed
// from the width, so the virtualizer never measures DOM.

import type { Settings } from '../../../../shared/ipc/models';

export type Density = Settings['density'];

export const SIDE_PX = 24;
export const AUTO_LIST_BELOW_PX = 640;
/** Below this width a list row stacks its actions under the title, date, status and cost. */
export const NARROW_LIST_BELOW_PX = 760;
/** Chromium caps layout heights near 16.7M px; past this the scroll position is scaled. */
export const MAX_SCROLL_PX = 8_000_000;

/**
 * Per density: the narrowest card, the card's height below its 16:9 thumbnail (title, date and cost,
 * status line, reason line, actions: card.css keeps to it), the gap, and list row heights. Comfortable
 * fits 6 columns and 2 full rows (12 cards) in the grid at 1440×900 with the summary shown.
 */
const DENSITY: Record<
  Density,
  { minCard: number; body: number; gap: number; row: number; narrowRow: number }
> = {
  comfortable: { minCard: 210, body: 146, gap: 16, row: 84, narrowRow: 134 },
  compact: { minCard: 160, body: 124, gap: 10, row: 64, narrowRow: 134 },
};

export interface GridGeometry {
  columns: number;
  cardWidth: number;
  rowHeight: number;
  gap: number;
}

export function gridGeometry(
  width: number,
  layout: 'grid' | 'list',
  density: Density = 'comfortable',
): GridGeometry {
  const d = DENSITY[density];
  const inner = Math.max(0, width - 2 * SIDE_PX);
  if (layout === 'list') {
    const narrow = width > 0 && width < NARROW_LIST_BELOW_PX;
    return { columns: 1, cardWidth: inner, rowHeight: narrow ? d.narrowRow : d.row, gap: d.gap };
  }
  const columns = Math.max(1, Math.floor((inner + d.gap) / (d.minCard + d.gap)));
  const cardWidth = Math.floor((inner - (columns - 1) * d.gap) / columns);
  const rowHeight = Math.round((cardWidth * 9) / 16) + d.body + d.gap;
  return { columns, cardWidth, rowHeight, gap: d.gap };
}

/**
 * How many virtual pixels one real scroll pixel stands for. 1 while the content fits; above, chosen so
 * that the end of the real scroll range lands exactly on the end of the virtual content.
 */
export function scrollRatio(virtualTotal: number, viewport: number): number {
  const real = Math.min(virtualTotal, MAX_SCROLL_PX);
  if (virtualTotal <= real || real <= viewport) return 1;
  return (virtualTotal - viewport) / (real - viewport);
}
