import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_PX, gridGeometry, scrollRatio } from './layout';

describe('grid geometry', () => {
  it('fits as many columns as the minimum card width allows, with a fixed row height', () => {
    expect(gridGeometry(1280, 'grid').columns).toBe(5);
    expect(gridGeometry(700, 'grid').columns).toBe(2);
    expect(gridGeometry(200, 'grid').columns).toBe(1);
    const g = gridGeometry(1280, 'grid');
    expect(g.rowHeight).toBe(gridGeometry(1280, 'grid').rowHeight);
    expect(gridGeometry(1280, 'list')).toMatchObject({ columns: 1, rowHeight: 84 });
  });

  // Issue 13, density: 8 cards fitted at 1440×900. The scroller there is about 1425 px wide (a scrollbar)
  // and, with the header and summary shown, about 640 px tall.
  it('fits at least 12 whole cards at 1440×900 in comfortable density, and more in compact', () => {
    const fit = (density: 'comfortable' | 'compact') => {
      const g = gridGeometry(1425, 'grid', density);
      return g.columns * Math.floor((640 + g.gap) / g.rowHeight);
    };
    expect(fit('comfortable')).toBeGreaterThanOrEqual(12);
    expect(fit('compact')).toBeGreaterThan(fit('comfortable'));
  });

  it('gives the list taller rows on a narrow window, where the actions go under the details', () => {
    expect(gridGeometry(390, 'list').rowHeight).toBeGreaterThan(gridGeometry(800, 'list').rowHeight);
  });

  it('does not scale short lists', () => {
    expect(scrollRatio(500_000, 800)).toBe(1);
  });

  it('scales long lists so that the end of the real scroll range shows the last row', () => {
    const rowHeight = gridGeometry(300, 'grid').rowHeight;
    const virtual = 100_000 * rowHeight;
    expect(virtual).toBeGreaterThan(16_700_000);
    const viewport = 800;
    const ratio = scrollRatio(virtual, viewport);
    const realMax = MAX_SCROLL_PX - viewport;
    expect(realMax * ratio + viewport).toBeCloseTo(virtual, 3);
  });
});
