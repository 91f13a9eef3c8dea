import { describe, expect, it } from 'vitest';
import { lineChart, suggestLogY } from '../../src/report/svg/lineChart';
import { OKABE_ITO } from '../../src/shared/colourMaps';
import { expectValidFigure, pathPoints, plotRect, texts } from './figureChecks';

const epochs = Array.from({ length: 31 }, (_, e) => e);
const optimisers = ['SGD', 'Momentum', 'Adam', 'Adagrad', 'Adamax'].map((name, i) => ({
  name,
  points: epochs.map((e): [number, number] => [e, 30 + 60 * Math.exp(-(i + 1) * 0.1 * e)]),
}));

function seriesPath(svg: string, name: string): string {
  const d = new RegExp(`<path d="([^"]*)"[^>]*data-series="${name}"`).exec(svg)?.[1];
  if (d === undefined) throw new Error(`no path for series ${name}`);
  return d;
}

function insidePlot(svg: string, points: [number, number][]): void {
  const rect = plotRect(svg);
  for (const [x, y] of points) {
    expect(x).toBeGreaterThanOrEqual(rect.left - 0.01);
    expect(x).toBeLessThanOrEqual(rect.right + 0.01);
    expect(y).toBeGreaterThanOrEqual(rect.top - 0.01);
    expect(y).toBeLessThanOrEqual(rect.bottom + 0.01);
  }
}

describe('lineChart', () => {
  it('draws a titled, labelled figure with one line and one legend entry per series', () => {
    const svg = lineChart({ title: 'Optimisers on L_SR', xLabel: 'Epoch', yLabel: 'Test loss', series: optimisers });
    expectValidFigure(svg);
    const labels = texts(svg);
    for (const expected of ['Optimisers on L_SR', 'Epoch', 'Test loss', ...optimisers.map((s) => s.name)]) {
      expect(labels).toContain(expected);
    }
    optimisers.forEach((s, i) => {
      expect(svg).toMatch(new RegExp(`stroke="${OKABE_ITO[i]}"[^>]*data-series="${s.name}"`));
      const points = pathPoints(seriesPath(svg, s.name));
      expect(points).toHaveLength(31);
      // Every point lies inside the axes, so the nice axis extent covers the data.
      insidePlot(svg, points);
    });
    // Epoch 0 sits on the left axis, epoch 30 on the right end: the x ticks run 0..30.
    const rect = plotRect(svg);
    const sgd = pathPoints(seriesPath(svg, 'SGD'));
    expect(sgd[0][0]).toBeCloseTo(rect.left, 1);
    expect(sgd[30][0]).toBeCloseTo(rect.right, 1);
    expect(labels).toContain('0');
    expect(labels).toContain('30');
  });

  it('escapes markup in names and titles', () => {
    const svg = lineChart({ title: 'L < 1 & "x"', xLabel: 'a>b', yLabel: 'y', series: [{ name: '<b>', points: [[0, 1], [1, 2]] }] });
    expectValidFigure(svg);
    expect(texts(svg)).toEqual(expect.arrayContaining(['L < 1 & "x"', 'a>b', '<b>']));
  });

  it('breaks the line at NaN and Infinity instead of writing them', () => {
    const points: [number, number][] = [[0, 5], [1, 4], [2, NaN], [3, 3], [4, Infinity], [5, 2], [6, 1]];
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'run', points }], markers: true });
    expectValidFigure(svg);
    const d = seriesPath(svg, 'run');
    // Three runs: [0,1], [3] (a lone point, drawn as a dot) and [5,6].
    expect(d.match(/M/g)).toHaveLength(2);
    expect(pathPoints(d)).toHaveLength(4);
    expect(svg.match(/<circle [^>]*data-series="run"/g)).toHaveLength(5);
    expect(texts(svg)).toContain('2 points not drawn (not finite)');
    // The axis is driven by the finite values 1..5, not by Infinity.
    const labels = texts(svg);
    expect(labels).toContain('5');
    expect(labels).not.toContain('10');
  });

  it('breaks the line at values ≤ 0 on a log axis', () => {
    const svg = lineChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      logY: true,
      series: [{ name: 'loss', points: [[0, 100], [1, 10], [2, 0], [3, -1], [4, 0.1], [5, 0.01]] }],
    });
    expectValidFigure(svg);
    expect(seriesPath(svg, 'loss').match(/M/g)).toHaveLength(2);
    const labels = texts(svg);
    for (const decade of ['10⁻²', '10⁻¹', '10⁰', '10¹', '10²']) expect(labels).toContain(decade);
    expect(labels).toContain('2 points not drawn (not finite, or ≤ 0 on the log axis)');
  });

  it('clips an exploding series at the plot edge when the caller fixes the y extent', () => {
    const svg = lineChart({
      title: 'RMSprop explodes',
      xLabel: 'Epoch',
      yLabel: 'Loss',
      yDomain: [0, 100],
      series: [
        { name: 'Adamax', points: [[0, 90], [1, 60], [2, 40]] },
        { name: 'RMSprop', points: [[0, 90], [1, 1e12], [2, 1e300]] },
      ],
    });
    expectValidFigure(svg);
    const rect = plotRect(svg);
    const rms = pathPoints(seriesPath(svg, 'RMSprop'));
    insidePlot(svg, rms);
    // The line leaves through the top edge: its last point is on the edge, not beyond it.
    expect(rms[rms.length - 1][1]).toBeCloseTo(rect.top, 1);
    expect(texts(svg)).toContain('100');
    expect(texts(svg)).not.toContain('1e12');
  });

  it('keeps the figure finite when an exploding value drives the axis', () => {
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', logY: true, series: [{ name: 's', points: [[0, 1], [1, 1e300]] }] });
    expectValidFigure(svg);
    insidePlot(svg, pathPoints(seriesPath(svg, 's')));
  });

  it('says "no data" for an empty series list, or when nothing is finite', () => {
    for (const series of [[], [{ name: 'gone', points: [[0, NaN]] as [number, number][] }]]) {
      const svg = lineChart({ title: 'Empty run', xLabel: 'x', yLabel: 'y', series });
      expectValidFigure(svg);
      expect(texts(svg)).toContain('Empty run');
      expect(texts(svg).some((t) => t.startsWith('no data'))).toBe(true);
      expect(svg).not.toContain('<path');
    }
  });

  it('draws dashed series dashed, in the legend too', () => {
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'T = 0', dashed: true, points: [[0, 1], [1, 2]] }] });
    expect(svg).toMatch(/stroke-dasharray="[^"]+"[^>]*data-series="T = 0"/);
    expect(svg).toMatch(/<line [^>]*stroke-dasharray/);
  });

  it('rejects unusable sizes and y extents, naming the option', () => {
    expect(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [], width: NaN })).toThrow(/lineChart: expected width .* got NaN/);
    expect(() => lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [], yDomain: [0, 10], logY: true })).toThrow(
      /lineChart: expected yDomain .* lo > 0 on a log axis, got \[0, 10\]/,
    );
  });
});

describe('suggestLogY', () => {
  it('suggests a log axis only when positive values span more than three decades', () => {
    expect(suggestLogY([{ name: 'a', points: [[0, 90], [1, 0.05]] }])).toBe(true);
    expect(suggestLogY([{ name: 'a', points: [[0, 90], [1, 0.1]] }])).toBe(false);
    expect(suggestLogY([{ name: 'a', points: [[0, 90], [1, NaN], [2, 0], [3, Infinity]] }])).toBe(false);
    expect(suggestLogY([])).toBe(false);
  });
});

describe('lineChart legend', () => {
  it('keeps names whole when they fit and shortens only names wider than a third of the figure', () => {
    const names = ['generation 100', 'a name so long that it cannot possibly fit into the legend column'];
    const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: names.map((name) => ({ name, points: [[0, 1], [1, 2]] })) });
    const labels = texts(svg);
    expect(labels).toContain('generation 100');
    expect(labels.some((t) => t.startsWith('a name so long') && t.endsWith('…'))).toBe(true);
  });
});
