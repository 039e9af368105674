// Fixed geometry of the virtualized grid and list: every row of a layout has the same height, computed
// from the width, so the virtualizer never measures DOM.

export const GAP_PX = 16;
export const SIDE_PX = 24;
export const MIN_CARD_PX = 280;
export const CARD_BODY_PX = 170;
export const LIST_ROW_PX = 84;
export const AUTO_LIST_BELOW_PX = 640;
/** Chromium caps layout heights near 16.7M px; past this the scroll position is scaled. */
export const MAX_SCROLL_PX = 8_000_000;

export interface GridGeometry {
  columns: number;
  cardWidth: number;
  rowHeight: number;
}

export function gridGeometry(width: number, layout: 'grid' | 'list'): GridGeometry {
  const inner = Math.max(0, width - 2 * SIDE_PX);
  if (layout === 'list') return { columns: 1, cardWidth: inner, rowHeight: LIST_ROW_PX };
  const columns = Math.max(1, Math.floor((inner + GAP_PX) / (MIN_CARD_PX + GAP_PX)));
  const cardWidth = Math.floor((inner - (columns - 1) * GAP_PX) / columns);
  const rowHeight = Math.round((cardWidth * 9) / 16) + CARD_BODY_PX + GAP_PX;
  return { columns, cardWidth, rowHeight };
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
