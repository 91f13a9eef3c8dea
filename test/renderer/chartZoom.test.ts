/**
 * The charts' x zoom (renderer/src/charts/chartZoom.ts): which generations a drag
 * selects, how shift+wheel zooms around the pointer, which y values the zoomed axis fits,
 * and the axis label that says a chart is zoomed. Known answers on synthetic axes.
 */
import { describe, expect, it } from 'vitest';
import { rangeFromDrag, valuesInRange, visibleDomain, xAt, zoomAround, zoomedLabel, type XRange } from '../../renderer/src/charts/chartZoom';
import { linearScale } from '../../src/shared/scale';

/** A line chart's x axis as drawLineChart makes it (tight: the domain is the data's extent). */
const axis = (domain: [number, number], range: [number, number] = [0, 500]) => ({ x: linearScale(domain[0], domain[1], range, { tight: true }) });
// 500 px for generations 0–100: 5 px a generation, the plot starting at x = 50.
const frame = axis([0, 100], [50, 550]);

describe('xAt', () => {
  it('inverts the linear x axis, and gives the domain start on a zero-width axis', () => {
    expect(frame.x.domain).toEqual([0, 100]);
    expect([50, 300, 550, 52.5].map((px) => xAt(frame, px))).toEqual([0, 50, 100, 0.5]);
    expect(xAt(axis([3, 9], [10, 10]), 10)).toBe(3);
  });
});

describe('rangeFromDrag', () => {
  it('selects the whole generations under the drag, in either direction', () => {
    expect(rangeFromDrag(frame, 150, 300)).toEqual([20, 50]);
    expect(rangeFromDrag(frame, 300, 150)).toEqual([20, 50]);
  });

  it('rounds outward, so every generation the band touches is shown', () => {
    // 152 px is generation 20.4, 298 px is 49.6.
    expect(rangeFromDrag(frame, 152, 298)).toEqual([20, 50]);
  });

  it('ignores a press that moved less than 4 px (a click, not a zoom)', () => {
    expect(rangeFromDrag(frame, 150, 153)).toBeNull();
    expect(rangeFromDrag(frame, 150, 146.5)).toBeNull();
    expect(rangeFromDrag(frame, 150, 154)).not.toBeNull();
  });

  it('stays inside the axis domain when the drag runs past the plot', () => {
    expect(rangeFromDrag(frame, 0, 800)).toEqual([0, 100]);
    expect(rangeFromDrag(frame, 500, 700)).toEqual([90, 100]);
  });

  it('keeps at least two generations (a line needs two points), at the end of the axis too', () => {
    // 50 px a generation: 210–230 px is inside generation 4–5.
    expect(rangeFromDrag(axis([0, 10]), 210, 230)).toEqual([4, 5]);
    // A drag at the very end (10 to 10.4) would be empty; it takes the last two generations.
    expect(rangeFromDrag(axis([0, 10]), 500, 520)).toEqual([9, 10]);
  });

  it('never selects outside the generations drawn: an axis with one generation cannot zoom', () => {
    // dataDomain pads a lone generation 0 to [-0.5, 0.5], a lone 5 to [4.5, 5.5].
    expect(rangeFromDrag(axis([-0.5, 0.5]), 100, 400)).toBeNull();
    expect(rangeFromDrag(axis([4.5, 5.5]), 100, 400)).toBeNull();
    // Two generations: the drag takes both.
    expect(rangeFromDrag(axis([0, 1]), 100, 400)).toEqual([0, 1]);
  });
});

describe('zoomAround (shift+wheel)', () => {
  const full: XRange = [0, 100];

  it('zooms in around the pointer, which keeps its place on the axis', () => {
    expect(zoomAround(full, full, 50, 0.8)).toEqual([10, 90]);
    expect(zoomAround(full, full, 0, 0.8)).toEqual([0, 80]);
    expect(zoomAround(full, full, 100, 0.8)).toEqual([20, 100]);
    // Anchor 55 at 3/4 of [40, 60]: 25 wide, 18.75 left of it.
    expect(zoomAround([40, 60], full, 55, 1.25)).toEqual([36, 61]);
  });

  it('zooms out inside the data and returns null (no zoom) once it covers all of it', () => {
    expect(zoomAround([80, 100], full, 100, 1.25)).toEqual([75, 100]);
    expect(zoomAround([0, 20], full, 0, 1.25)).toEqual([0, 25]);
    expect(zoomAround([10, 90], full, 50, 1.25)).toBeNull();
  });

  it('never zooms in past one generation', () => {
    expect(zoomAround([5, 6], full, 5.5, 0.8)).toEqual([5, 6]);
    expect(zoomAround([5, 7], full, 6, 0.1)).toEqual([6, 7]);
  });

  // Regression: with the span rounded only at the end, a narrow zoom rounded back to itself
  // and the wheel did nothing — a 1-generation zoom could not be widened, a 4-wide one not narrowed.
  it('moves by at least one generation each notch, in both directions', () => {
    for (let width = 1; width <= 6; width++) {
      for (const anchorAt of [0, 0.5, 1]) {
        const current: XRange = [40, 40 + width];
        const anchor = 40 + anchorAt * width;
        const out = zoomAround(current, full, anchor, 1.25)!;
        expect(out[1] - out[0], `out from ${width} at ${anchorAt}`).toBeGreaterThan(width);
        expect(out[0] <= anchor && anchor <= out[1]).toBe(true);
        const inward = zoomAround(current, full, anchor, 0.8)!;
        expect(inward[1] - inward[0], `in from ${width} at ${anchorAt}`).toBe(Math.max(1, width - 1));
        expect(inward[0]).toBeGreaterThanOrEqual(current[0]);
        expect(inward[1]).toBeLessThanOrEqual(current[1]);
      }
    }
  });

  it('returns whole generations inside the data', () => {
    for (const [current, anchor, factor] of [[[3, 97], 33.3, 0.8], [[0, 17], 16.9, 1.25], [[61, 99], 99, 0.8], [[2, 5], 2.2, 1.25]] as [XRange, number, number][]) {
      const r = zoomAround(current, full, anchor, factor)!;
      expect(r.every(Number.isInteger), `${current} ${anchor} ${factor}`).toBe(true);
      expect(r[0]).toBeGreaterThanOrEqual(0);
      expect(r[1]).toBeLessThanOrEqual(100);
      expect(r[1]).toBeGreaterThan(r[0]);
    }
  });
});

describe('what a zoomed chart shows', () => {
  it('draws the zoom as its x domain, the data otherwise', () => {
    expect(visibleDomain([0, 40], [5, 12])).toEqual([5, 12]);
    expect(visibleDomain([0, 40], null)).toEqual([0, 40]);
  });

  it('fits the y axis to the values inside the zoom, ends included', () => {
    const xs = [0, 1, 2, 3, 4, 5];
    const ys = [100, 7, 8, 9, -50, 3];
    expect(valuesInRange(xs, ys, [1, 3])).toEqual([7, 8, 9]);
    expect(valuesInRange(xs, ys, [4.5, 9])).toEqual([3]);
    expect(valuesInRange(xs, ys, [10, 12])).toEqual([]);
    // Without a zoom all of them, as a copy (the chart may sort or filter it).
    const all = valuesInRange(xs, ys, null);
    expect(all).toEqual(ys);
    expect(all).not.toBe(ys);
  });

  it('says on the x axis that the chart is zoomed, to which generations, and how to reset', () => {
    expect(zoomedLabel('generation', [5, 12])).toBe('generation 5–12 (zoomed; double-click resets)');
    expect(zoomedLabel('epoch', [0, 1])).toBe('epoch 0–1 (zoomed; double-click resets)');
    expect(zoomedLabel('generation', null)).toBe('generation');
  });
});
