import { describe, expect, it } from 'vitest';
import { scatterChart } from '../../src/report/svg/scatterChart';
import { expectValidFigure, pathPoints, plotRect, texts } from './figureChecks';

const points = [
  { x: 0.2, y: 0.05, group: 'gen 0' },
  { x: 0.5, y: 2, group: 'gen 0' },
  { x: 0.6, y: 0.8, group: 'gen 50' },
  { x: 0.9, y: 30, group: 'gen 50' },
  { x: 0.7, y: 5, group: 'gen 100' },
];
const front: [number, number][] = [[0.9, 30], [0.2, 0.05], [0.6, 0.8]];

function markerCentres(svg: string): [number, number][] {
  const centres: [number, number][] = [];
  for (const m of svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="4"/g)) centres.push([Number(m[1]), Number(m[2])]);
  for (const m of svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"[^>]*data-group/g)) {
    centres.push([Number(m[1]) + Number(m[3]) / 2, Number(m[2]) + Number(m[3]) / 2]);
  }
  return centres;
}

describe('scatterChart', () => {
  it('draws every point inside the axes with a legend entry per group and for the front', () => {
    const svg = scatterChart({ title: 'Accuracy vs L_SR', xLabel: 'Accuracy', yLabel: 'L_SR', points, front, logY: true });
    expectValidFigure(svg);
    const labels = texts(svg);
    for (const name of ['Accuracy vs L_SR', 'Accuracy', 'L_SR', 'gen 0', 'gen 50', 'gen 100', 'Pareto front']) {
      expect(labels).toContain(name);
    }
    expect(svg.match(/data-group="/g)).toHaveLength(5);
    const rect = plotRect(svg);
    for (const [x, y] of markerCentres(svg)) {
      // Coordinates are written to 0.01 px, hence the tolerance.
      expect(x).toBeGreaterThanOrEqual(rect.left - 0.01);
      expect(x).toBeLessThanOrEqual(rect.right + 0.01);
      expect(y).toBeGreaterThanOrEqual(rect.top - 0.01);
      expect(y).toBeLessThanOrEqual(rect.bottom + 0.01);
    }
    // Log y ticks from 10⁻² to 10² cover 0.05..30.
    expect(labels).toEqual(expect.arrayContaining(['10⁻²', '10²']));
  });

  it('draws the front as a staircase through its points in x order', () => {
    const svg = scatterChart({ title: 't', xLabel: 'x', yLabel: 'y', points, front });
    const d = /<path d="([^"]*)"[^>]*data-front="true"/.exec(svg)![1];
    const steps = pathPoints(d);
    // 3 front points and 2 corners, every segment horizontal or vertical, x never decreasing.
    expect(steps).toHaveLength(5);
    for (let i = 1; i < steps.length; i++) {
      const [x0, y0] = steps[i - 1];
      const [x1, y1] = steps[i];
      expect(x0 === x1 || y0 === y1).toBe(true);
      expect(x1).toBeGreaterThanOrEqual(x0);
    }
    // Vertical first: the first corner is straight above/below the leftmost front point.
    expect(steps[1][0]).toBe(steps[0][0]);
    const horizontal = scatterChart({ title: 't', xLabel: 'x', yLabel: 'y', points, front, frontStep: 'horizontal-first' });
    const h = pathPoints(/<path d="([^"]*)"[^>]*data-front="true"/.exec(horizontal)![1]);
    expect(h[1][1]).toBe(h[0][1]);
  });

  it('leaves out non-finite points and says how many', () => {
    const svg = scatterChart({
      title: 't',
      xLabel: 'x',
      yLabel: 'y',
      points: [{ x: 1, y: 1 }, { x: NaN, y: 2 }, { x: 2, y: -Infinity }, { x: 3, y: 0 }],
      logY: true,
    });
    expectValidFigure(svg);
    expect(svg.match(/<circle cx="[\d.]+" cy="[\d.]+" r="4"/g)).toHaveLength(1);
    expect(texts(svg)).toContain('3 points not drawn (not finite, or ≤ 0 on the log axis)');
  });

  it('says "no data" when there are no points', () => {
    const svg = scatterChart({ title: 'Nothing yet', xLabel: 'x', yLabel: 'y', points: [] });
    expectValidFigure(svg);
    expect(texts(svg)).toEqual(['Nothing yet', 'no data']);
  });
});
