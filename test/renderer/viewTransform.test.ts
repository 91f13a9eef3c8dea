import { describe, expect, it } from 'vitest';
import { fitTransform, panBy, toLayout, toScreen, zoomAround, ZOOM_LIMITS } from '../../renderer/src/lineage/viewTransform';

describe('view transform', () => {
  const t = { zx: 12, zy: 4, tx: 30, ty: -8 };

  it('maps layout to screen and back', () => {
    expect(toScreen(t, 2, 5)).toEqual({ x: 54, y: 12 });
    expect(toLayout(t, 54, 12)).toEqual({ x: 2, y: 5 });
  });

  it('keeps the point under the cursor fixed while zooming, per axis', () => {
    const anchor = toLayout(t, 400, 300);
    const z = zoomAround(t, 400, 300, 2, 1);
    expect(z.zx).toBe(24);
    expect(z.zy).toBe(4);
    const back = toScreen(z, anchor.x, anchor.y);
    expect(back.x).toBeCloseTo(400, 9);
    expect(back.y).toBeCloseTo(300, 9);
    expect(zoomAround(t, 0, 0, 1e9).zx).toBe(ZOOM_LIMITS.max);
  });

  it('pans by screen pixels', () => {
    expect(panBy(t, 5, -3)).toEqual({ zx: 12, zy: 4, tx: 35, ty: -11 });
  });

  it('fits the bounds inside the viewport, each axis on its own, time from the left edge, slots centred', () => {
    const f = fitTransform({ minX: 0, maxX: 100, minY: -20, maxY: 380 }, { x: 10, y: 20, width: 800, height: 600 });
    expect(f.zx).toBe(8);
    expect(f.zy).toBe(1.5);
    expect(toScreen(f, 0, -20)).toEqual({ x: 10, y: 20 });
    expect(toScreen(f, 100, 380)).toEqual({ x: 810, y: 620 });
    // A tiny lineage is not blown up past the cap: it starts at the left edge, centred vertically.
    const small = fitTransform({ minX: 0, maxX: 2, minY: 0, maxY: 1 }, { x: 10, y: 0, width: 800, height: 600 });
    expect(small.zx).toBe(60);
    expect(toScreen(small, 0, 0.5)).toEqual({ x: 10, y: 300 });
  });
});
