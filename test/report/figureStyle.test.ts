// What a researcher reads off a figure (issue 14): where it came from, both themes, the
// spread of several seeds, an exact zero on a log axis, every series named, colours that
// never repeat, and two panels where two scales must not share an axis.
import { describe, expect, it } from 'vitest';
import { colourDistance, distinctColours, OKABE_ITO } from '../../src/shared/colourMaps';
import { clipPolygon, type Point } from '../../src/report/svg/clipToRect';
import { lineChart } from '../../src/report/svg/lineChart';
import { mullerPlot } from '../../src/report/svg/mullerPlot';
import { stackedFigure } from '../../src/report/svg/stackedFigure';
import { THEMES } from '../../src/report/svg/theme';
import { weightPicture } from '../../src/report/svg/weightPicture';
import { scatterChart } from '../../src/report/svg/scatterChart';
import { expectValidFigure, pathPoints, plotRect, texts } from './figureChecks';

const xs = Array.from({ length: 11 }, (_, i) => i);

/** Shoelace area of a polygon. */
function area(points: readonly Point[]): number {
  let a = 0;
  points.forEach((p, i) => {
    const q = points[(i + 1) % points.length];
    a += p[0] * q[1] - q[0] * p[1];
  });
  return Math.abs(a) / 2;
}

describe('distinctColours', () => {
  it('keeps the given palette first, then adds colours that differ from all before them', () => {
    for (const n of [8, 16, 32, 64]) {
      const colours = distinctColours(n, { first: OKABE_ITO });
      expect(colours.slice(0, 8)).toEqual([...OKABE_ITO]);
      expect(new Set(colours.map((c) => c.toLowerCase())).size).toBe(n);
      // OKLab distance 0.02 is about one just-noticeable difference; these stay far above it.
      let nearest = Infinity;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) nearest = Math.min(nearest, colourDistance(colours[i], colours[j]));
      expect(nearest).toBeGreaterThan(n <= 32 ? 0.06 : 0.05);
    }
    // Deterministic, and a longer list extends a shorter one.
    expect(distinctColours(40, { first: OKABE_ITO }).slice(0, 20)).toEqual(distinctColours(20, { first: OKABE_ITO }));
  });

  it('measures colour distance in OKLab: black to white is 1, a colour to itself 0', () => {
    expect(colourDistance('#000000', '#ffffff')).toBeCloseTo(1, 3);
    expect(colourDistance('#0072B2', '#0072b2')).toBe(0);
  });
});

describe('clipPolygon', () => {
  it('cuts a square half outside the rectangle to the half inside', () => {
    const square: Point[] = [[-5, 0], [5, 0], [5, 10], [-5, 10]];
    const clipped = clipPolygon(square, { left: 0, top: 0, right: 100, bottom: 100 });
    expect(area(clipped)).toBeCloseTo(50, 9);
    for (const [x] of clipped) expect(x).toBeGreaterThanOrEqual(0);
    expect(clipPolygon(square, { left: 20, top: 20, right: 30, bottom: 30 })).toEqual([]);
  });
});

describe('figure style: subtitle and theme', () => {
  const series = [{ name: 'a', points: xs.map((x): [number, number] => [x, x * x]) }];

  it('puts the subtitle (preset, seed, version) under the title of every kind of figure', () => {
    const subtitle = 'paper/regeneration · seeds 0–2 · run of 2026-12-05 · Quinarium 0.1.0';
    const figures = [
      lineChart({ title: 'T', xLabel: 'epoch', yLabel: 'L_SR', series, subtitle }),
      scatterChart({ title: 'T', xLabel: 'a', yLabel: 'b', points: [{ x: 1, y: 2 }], subtitle }),
      mullerPlot({ title: 'T', generations: [0, 1], lineages: [{ id: '1', counts: [1, 1] }], subtitle }),
      weightPicture({ title: 'T', panels: [{ label: 'W', values: [1, -1, 0.5, 0], rows: 2, cols: 2 }], subtitle }),
    ];
    for (const svg of figures) {
      expectValidFigure(svg);
      expect(texts(svg)).toContain(subtitle);
      // The document carries its title for viewers and screen readers.
      expect(svg).toContain('<title>T</title>');
    }
    // The plot starts below the subtitle.
    expect(plotRect(figures[0]).top).toBeGreaterThan(44);
  });

  it('sets a title too long for the figure smaller instead of cutting it at the edges', () => {
    // The title of paper/regeneration's weight picture, which ran off both edges at 15 px.
    const title = 'Figs. 6–7: weights and predictions (seed 0, epoch 10, L_SR = 1.23, r2 = -0.0507)';
    const panel = { label: 'W', values: [1, -1, 0.5, 0], rows: 2, cols: 2 };
    const svg = weightPicture({ title, panels: [panel, panel, panel, panel] });
    const width = Number(/^<svg [^>]*width="([\d.]+)"/.exec(svg)![1]);
    const size = Number(new RegExp(`font-size="([\\d.]+)"[^>]*>${title.replace(/[().]/g, '\\$&')}<`).exec(svg)![1]);
    expect(size).toBeLessThan(15);
    // Bold DejaVu Sans averages under 0.72 em a character: the title fits.
    expect(title.length * size * 0.72).toBeLessThanOrEqual(width);
  });

  it('draws the dark theme on a dark background with light text, and the light one on white', () => {
    const dark = lineChart({ title: 'T', xLabel: 'x', yLabel: 'y', series, theme: THEMES.dark });
    const light = lineChart({ title: 'T', xLabel: 'x', yLabel: 'y', series });
    expectValidFigure(dark);
    expect(dark).toMatch(new RegExp(`<rect x="0" y="0" [^>]*fill="${THEMES.dark.background}"`));
    expect(light).toMatch(/<rect x="0" y="0" [^>]*fill="#ffffff"/);
    expect(dark).toMatch(new RegExp(`fill="${THEMES.dark.text}"[^>]*>T</text>`));
    expect(dark).not.toContain('fill="#222222"');
    // Light text on dark ground, dark on light: the contrast is large either way.
    expect(colourDistance(THEMES.dark.text, THEMES.dark.background)).toBeGreaterThan(0.6);
    expect(colourDistance(THEMES.light.text, THEMES.light.background)).toBeGreaterThan(0.6);
    // Every dark-theme series colour stands out from the dark ground.
    for (let i = 0; i < 12; i++) expect(colourDistance(THEMES.dark.series(i), THEMES.dark.background)).toBeGreaterThan(0.4);
  });
});

describe('lineChart: what the data says', () => {
  it('names every series in the legend, however many, each in its own colour', () => {
    for (const count of [6, 24]) {
      const many = Array.from({ length: count }, (_, i) => ({ name: `arm-${i}`, points: xs.map((x): [number, number] => [x, i + x]) }));
      const svg = lineChart({ title: 'T', xLabel: 'epoch', yLabel: 'L_SR', series: many });
      expectValidFigure(svg);
      const labels = texts(svg);
      for (const s of many) expect(labels).toContain(s.name);
      expect(svg).not.toMatch(/more<\/text>/);
      const strokes = many.map((s) => new RegExp(`stroke="(#[0-9a-fA-F]{6})"[^>]*data-series="${s.name}"`).exec(svg)![1].toLowerCase());
      expect(new Set(strokes).size).toBe(count);
    }
  });

  it('shades each series band (e.g. mean ± sd over seeds) inside the plot and names it in the legend', () => {
    const mean = xs.map((x): [number, number] => [x, 10 - x / 2]);
    const band = xs.map((x): [number, number, number] => [x, 9 - x / 2, 11 - x / 2]);
    const svg = lineChart({ title: 'T', xLabel: 'epoch', yLabel: 'L_SR', series: [{ name: 'mean', points: mean, band }], bandLabel: '± 1 sd over 3 seeds' });
    expectValidFigure(svg);
    expect(texts(svg)).toContain('± 1 sd over 3 seeds');
    const d = /<path d="([^"]*)Z" fill="[^"]*" fill-opacity="0.2" stroke="none" data-band="mean"/.exec(svg)?.[1];
    expect(d).toBeDefined();
    const rect = plotRect(svg);
    const points = pathPoints(d!);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThanOrEqual(rect.left - 0.01);
      expect(x).toBeLessThanOrEqual(rect.right + 0.01);
      expect(y).toBeGreaterThanOrEqual(rect.top - 0.01);
      expect(y).toBeLessThanOrEqual(rect.bottom + 0.01);
    }
    // The band spans 2 units of y at every x: its pixel area is 2 units × the x extent.
    const line = pathPoints(new RegExp('<path d="([^"]*)"[^>]*data-series="mean"').exec(svg)![1]);
    const pxPerUnitY = Math.abs(line[1][1] - line[0][1]) / 0.5;
    expect(area(points)).toBeCloseTo(2 * pxPerUnitY * (line[10][0] - line[0][0]), 0);
    // Without a band label nothing is shaded.
    expect(lineChart({ title: 'T', xLabel: 'x', yLabel: 'y', series: [{ name: 'mean', points: mean, band }] })).not.toContain('data-band');
  });

  it('draws exact zeros on a log axis at its floor, marked and annotated, instead of dropping them', () => {
    // The zero quine: L_SR falls by decades, then is exactly 0 from generation 6 on.
    const points = xs.map((g): [number, number] => [g, g < 6 ? 10 ** (2 - 5 * g) : 0]);
    const svg = lineChart({ title: 'T', xLabel: 'generation', yLabel: 'L_SR', series: [{ name: 'L_SR', points }], logY: true, zeroLabel: 'L_SR = 0' });
    expectValidFigure(svg);
    const rect = plotRect(svg);
    const zeros = [...svg.matchAll(/<path d="M([\d.]+) ([\d.]+)[^"]*" [^>]*data-zero="L_SR"/g)];
    expect(zeros).toHaveLength(5);
    // Each marker's tip (the path's first point) sits on the x-axis.
    for (const m of zeros) expect(Number(m[2])).toBeCloseTo(rect.bottom, 1);
    expect(texts(svg)).toContain('▼ L_SR = 0 from generation 6 on');
    expect(texts(svg).some((t) => /exactly 0 \(a log axis has no 0\)/.test(t))).toBe(true);
    expect(svg).not.toMatch(/not drawn/);
    // The line reaches the floor and runs along it to generation 10.
    const line = pathPoints(/<path d="([^"]*)"[^>]*data-series="L_SR"/.exec(svg)![1]);
    expect(line.at(-1)![1]).toBeCloseTo(rect.bottom, 1);
    expect(line.at(-1)![0]).toBeCloseTo(rect.right, 1);
    // Without zeroLabel, zeros are still left out and counted.
    expect(lineChart({ title: 'T', xLabel: 'g', yLabel: 'L', series: [{ name: 'L_SR', points }], logY: true })).toMatch(/5 points not drawn/);
  });

  it('draws labelled guide lines, such as the verdict thresholds, where the axis reaches them', () => {
    const svg = lineChart({
      title: 'T', xLabel: 'g', yLabel: 'r2', yDomain: [-1, 1], series: [{ name: 'r2', points: xs.map((x): [number, number] => [x, 0]) }],
      guides: [{ y: 0.99, label: 'genuine' }, { y: 5, label: 'off the axis' }],
    });
    expectValidFigure(svg);
    expect(svg).toContain('data-guide="genuine"');
    expect(svg).not.toContain('data-guide="off the axis"');
    expect(texts(svg)).toContain('genuine');
  });
});

describe('integer x axes', () => {
  it('labels epochs and generations with whole numbers only, even over a span of 2', () => {
    const svg = lineChart({ title: 'T', xLabel: 'generation', yLabel: 'y', series: [{ name: 's', points: [[0, 5], [1, 6], [2, 7]] }] });
    const rect = plotRect(svg);
    const xLabels = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)" [^>]*text-anchor="middle"[^>]*>([^<]*)<\/text>/g)].filter((m) => Math.abs(Number(m[1]) - (rect.bottom + 18)) < 0.01).map((m) => m[2]);
    expect(xLabels).toEqual(['0', '1', '2']);
  });
});

describe('mullerPlot colours', () => {
  it('gives every visible lineage its own colour, even with 32 of them', () => {
    const generations = [0, 1, 2, 3];
    const lineages = Array.from({ length: 32 }, (_, i) => ({ id: String(i), counts: generations.map((g) => (i === 0 ? 1 + g : 1)) }));
    const svg = mullerPlot({ title: 'T', generations, lineages });
    expectValidFigure(svg);
    const fills = [...svg.matchAll(/fill="(#[0-9a-fA-F]{6})" stroke="[^"]*" stroke-width="0.5" stroke-linejoin="round" data-lineage="/g)].map((m) => m[1].toLowerCase());
    expect(fills).toHaveLength(32);
    expect(new Set(fills).size).toBe(32);
    // The largest lineage gets the first palette colour and leads the legend.
    expect(new RegExp(`fill="${THEMES.light.areas(1)[0]}"[^>]*data-lineage="0"`, 'i').test(svg)).toBe(true);
  });
});

describe('stackedFigure', () => {
  it('stacks panels under one title with their plots lined up', () => {
    const panel = { width: 600, height: 260, plotLeft: 70, legendWidth: 120 };
    const top = lineChart({ ...panel, title: 'r2', xLabel: 'g', yLabel: 'r2', series: [{ name: 'r2', points: xs.map((x): [number, number] => [x, -0.5 + x / 20]) }] });
    const bottom = lineChart({ ...panel, title: '|θ|', xLabel: 'g', yLabel: '|θ|', logY: true, series: [{ name: 'mean |θ|', points: xs.map((x): [number, number] => [x, 10 ** (x - 5)]) }] });
    const svg = stackedFigure({ title: 'Triviality', subtitle: 'evo/default · seed 0', panels: [top, bottom] });
    expectValidFigure(svg);
    expect(/^<svg [^>]*height="(\d+)"/.exec(svg)![1]).toBe(String(50 + 260 + 260));
    const nested = [...svg.matchAll(/<svg x="0" y="([\d.]+)" width="600" height="260"/g)].map((m) => Number(m[1]));
    expect(nested).toEqual([50, 310]);
    expect(plotRect(top).left).toBe(plotRect(bottom).left);
    expect(plotRect(top).right).toBe(plotRect(bottom).right);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Triviality', 'evo/default · seed 0', 'r2', '|θ|']));
    expect(() => stackedFigure({ title: 'x', panels: ['<g/>'] })).toThrow(/panel 0 is not a figure/);
  });
});
