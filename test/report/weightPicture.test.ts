import { describe, expect, it } from 'vitest';
import { divergingColour, MISSING_COLOUR } from '../../src/shared/divergingColour';
import { logNormalization } from '../../src/shared/logNormalization';
import { weightPicture } from '../../src/report/svg/weightPicture';
import { expectValidFigure, texts } from './figureChecks';
import { decodePng, embeddedPngs } from './pngChunks';

const WHITE = [255, 255, 255];
const RED_END = [202, 0, 32];
const BLUE_END = [5, 113, 176];

describe('logNormalization', () => {
  it('maps 0 to 0, ±max to ±1, and the median magnitude by the log formula', () => {
    const weights = Float32Array.of(0, 0.01, -0.02, 0.04, -1);
    const predictions = Float32Array.of(0.03, 0, 0.5, -0.02, 2);
    const n = logNormalization([weights, predictions]);
    // Median of the non-zero magnitudes {0.01, 0.02, 0.04, 1, 0.03, 0.5, 0.02, 2} = (0.03 + 0.04) / 2.
    // (Float32 storage puts it within 1e-9 of 0.035.)
    expect(n.scale).toBeCloseTo(0.035, 8);
    expect(n.maxAbs).toBe(2);
    expect(n.normalize(0)).toBe(0);
    expect(n.normalize(2)).toBe(1);
    expect(n.normalize(-2)).toBe(-1);
    const expected = Math.log10(1 + 0.5 / n.scale) / Math.log10(1 + 2 / n.scale);
    expect(n.normalize(0.5)).toBeCloseTo(expected, 12);
    expect(n.normalize(-0.5)).toBeCloseTo(-expected, 12);
    expect(n.normalize(Infinity)).toBe(1);
    expect(n.normalize(NaN)).toBeNaN();
    for (const v of [-2, -0.3, -0.01, 0, 0.001, 0.7, 2]) expect(n.invert(n.normalize(v))).toBeCloseTo(v, 9);
  });

  it('maps everything to 0 when every value is 0 (a zero quine)', () => {
    const n = logNormalization([new Float32Array(10)]);
    expect(n.normalize(0)).toBe(0);
    expect(n.maxAbs).toBe(0);
  });

  it('rejects a non-positive scale', () => {
    expect(() => logNormalization([Float32Array.of(1)], 0)).toThrow(/logNormalization: expected scale to be a finite number > 0, got 0/);
  });
});

describe('divergingColour', () => {
  it('is white at 0, saturated red at +1 and blue at -1, grey for NaN', () => {
    expect([...divergingColour(0)]).toEqual(WHITE);
    expect([...divergingColour(1)]).toEqual(RED_END);
    expect([...divergingColour(-1)]).toEqual(BLUE_END);
    expect([...divergingColour(5)]).toEqual(RED_END);
    expect(divergingColour(NaN)).toBe(MISSING_COLOUR);
    // Reds grow more saturated with n: the blue channel falls monotonically from white.
    let previous = 256;
    for (let n = 0; n <= 1; n += 0.05) {
      const [, , blue] = divergingColour(n);
      expect(blue).toBeLessThanOrEqual(previous);
      previous = blue;
    }
  });
});

describe('weightPicture', () => {
  // 2 × 3 weights with 0, +max and -max; the prediction panel holds a larger magnitude.
  const weights = Float32Array.of(0, 1, -1, 0.1, -0.1, 0.5);
  const predictions = Float32Array.of(0, 2, -2, 0.1, NaN, 0.5);

  it('draws both panels on one colour scale: 0 white, ±max at the extremes', () => {
    const svg = weightPicture({
      title: 'Hidden layer',
      panels: [
        { label: 'weights', values: weights, rows: 2, cols: 3 },
        { label: 'predictions', values: predictions, rows: 2, cols: 3 },
      ],
    });
    expectValidFigure(svg);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Hidden layer', 'weights', 'predictions', '2 × 3']));
    const pngs = embeddedPngs(svg).map(decodePng);
    expect(pngs).toHaveLength(3); // two panels and the colour bar
    const [w, p, bar] = pngs;
    expect(w.width % 3).toBe(0);
    expect(w.height % 2).toBe(0);
    const cell = (png: typeof w, row: number, col: number): number[] =>
      png.pixel(col * (png.width / 3) + 1, row * (png.height / 2) + 1);
    expect(cell(w, 0, 0)).toEqual(WHITE);
    expect(cell(p, 0, 1)).toEqual(RED_END);
    expect(cell(p, 0, 2)).toEqual(BLUE_END);
    // The shared scale's maximum is 2 (from the predictions), so the weights' 1 is not the
    // extreme; s is the median of both panels' non-zero magnitudes
    // {0.1, 0.1, 0.1, 0.5, 0.5, 1, 1, 2, 2} = 0.5.
    expect(cell(w, 0, 1)).not.toEqual(RED_END);
    expect(cell(w, 0, 1)).toEqual([...divergingColour(Math.log10(1 + 1 / 0.5) / Math.log10(1 + 2 / 0.5))]);
    expect(texts(svg)).toContain('s = 0.5 (median |v|), M = max |v| = 2');
    // Equal values in the two panels get equal colours.
    expect(cell(w, 1, 2)).toEqual(cell(p, 1, 2));
    expect(cell(p, 1, 1)).toEqual([...MISSING_COLOUR]);
    // The colour bar runs from +1 (red, top) to -1 (blue, bottom) through white.
    expect(bar.pixel(0, 0)).toEqual(RED_END);
    expect(bar.pixel(0, bar.height - 1)).toEqual(BLUE_END);
    // Its labels are the values at ±max and 0.
    expect(texts(svg)).toEqual(expect.arrayContaining(['2', '0', '-2']));
  });

  it('draws a 100 × 100 matrix as one image, not ten thousand rectangles', () => {
    const values = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i) * (i % 7));
    const svg = weightPicture({ title: 'big', panels: [{ label: 'W', values, rows: 100, cols: 100 }] });
    expectValidFigure(svg);
    expect(svg.match(/<image /g)).toHaveLength(2);
    expect((svg.match(/<rect /g) ?? []).length).toBeLessThan(5);
    const png = decodePng(embeddedPngs(svg)[0]);
    // Whole pixels per cell, so the heatmap is crisp at 100% zoom.
    expect(png.width % 100).toBe(0);
    expect(png.height).toBe(png.width);
  });

  it('draws a single row of weights as a strip', () => {
    const values = Float32Array.from({ length: 100 }, (_, i) => i - 50);
    const svg = weightPicture({ title: 'output row', panels: [{ label: 'output', values, rows: 1, cols: 100 }] });
    expectValidFigure(svg);
    const height = Number(/<image [^>]*height="([\d.]+)"/.exec(svg)![1]);
    expect(height).toBeGreaterThanOrEqual(18);
    const png = decodePng(embeddedPngs(svg)[0]);
    expect(png.pixel(0, 0)).toEqual(BLUE_END); // -50 is -max
    expect(png.pixel(50 * (png.width / 100), 0)).toEqual(WHITE); // 0
  });

  it('rejects panels whose values do not fill rows × cols', () => {
    expect(() => weightPicture({ title: 't', panels: [{ label: 'W', values: new Float32Array(5), rows: 2, cols: 3 }] })).toThrow(
      /weightPicture: panel 0 \("W"\): expected rows·cols = 2·3 = 6 values, got 5/,
    );
    expect(() => weightPicture({ title: 't', panels: [] })).toThrow(/weightPicture: expected at least one panel, got 0/);
  });
});
