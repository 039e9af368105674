import { describe, expect, it } from 'vitest';
import { MAX_SCROLL_PX, gridGeometry, scrollRatio } from './layout';

describe('grid geometry', () => {
  it('fits as many columns as the minimum card width allows, with a fixed row height', () => {
    expect(gridGeometry(1280, 'grid').columns).toBe(4);
    expect(gridGeometry(700, 'grid').columns).toBe(2);
    expect(gridGeometry(200, 'grid').columns).toBe(1);
    const g = gridGeometry(1280, 'grid');
    expect(g.rowHeight).toBe(gridGeometry(1280, 'grid').rowHeight);
    expect(gridGeometry(1280, 'list')).toMatchObject({ columns: 1, rowHeight: 84 });
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
