import { describe, expect, it } from 'vitest';
import { mullerLayout, type MullerLineage } from '../../src/report/svg/mullerLayout';
import { mullerPlot } from '../../src/report/svg/mullerPlot';
import { expectValidFigure, pathPoints, plotRect, texts } from './figureChecks';

const generations = [0, 1, 2, 3, 4];
// ancestor → a → a1, ancestor → b, plus an independent root r and an orphan whose parent
// was never recorded (so it is a root too).
const lineages: MullerLineage[] = [
  { id: 'ancestor', counts: [10, 8, 6, 4, 2] },
  { id: 'a', parent: 'ancestor', counts: [0, 2, 3, 3, 2] },
  { id: 'a1', parent: 'a', counts: [0, 0, 1, 4, 6] },
  { id: 'b', parent: 'ancestor', counts: [0, 0, 2, 1, 0] },
  { id: 'r', counts: [5, 5, 5, 5, 5] },
  { id: 'orphan', parent: 'pruned', counts: [0, 0, 0, 3, 5] },
];

describe('mullerLayout', () => {
  const { bands, totals } = mullerLayout(generations, lineages);
  const band = (id: string) => bands.find((b) => b.id === id)!;

  it('turns counts into frequencies that sum to 1 at every generation', () => {
    expect(totals).toEqual([15, 15, 17, 20, 20]);
    generations.forEach((_, g) => {
      expect(bands.reduce((sum, b) => sum + b.frequency[g], 0)).toBeCloseTo(1, 12);
      expect(band('r').frequency[g]).toBeCloseTo(5 / totals[g], 12);
    });
  });

  it('orders lineages depth-first, parents before children, and resolves unknown parents to roots', () => {
    const order = bands.map((b) => b.id);
    expect(order.indexOf('ancestor')).toBeLessThan(order.indexOf('a'));
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('a1'));
    // Children sit right after their parent's other descendants, not after unrelated roots.
    expect(order.slice(0, 4)).toEqual(['ancestor', 'a', 'a1', 'b']);
    expect(band('orphan').parent).toBeUndefined();
    expect(band('a1').depth).toBe(2);
  });

  it('stacks root clades to fill 0..1 and nests each child inside its parent', () => {
    const roots = bands.filter((b) => b.parent === undefined);
    generations.forEach((_, g) => {
      const heights = roots.reduce((sum, b) => sum + (b.upper[g] - b.lower[g]), 0);
      expect(heights).toBeCloseTo(1, 12);
      expect(Math.min(...roots.map((b) => b.lower[g]))).toBe(0);
      expect(Math.max(...roots.map((b) => b.upper[g]))).toBeCloseTo(1, 12);
      for (const child of bands.filter((b) => b.parent !== undefined)) {
        const parent = band(child.parent!);
        expect(child.lower[g]).toBeGreaterThanOrEqual(parent.lower[g] - 1e-12);
        expect(child.upper[g]).toBeLessThanOrEqual(parent.upper[g] + 1e-12);
      }
      // The parent's visible share (its clade minus its children's) is its own frequency,
      // half below the children and half above.
      const kids = bands.filter((b) => b.parent === 'ancestor');
      const kidsHeight = kids.reduce((sum, b) => sum + b.upper[g] - b.lower[g], 0);
      const anc = band('ancestor');
      expect(anc.upper[g] - anc.lower[g] - kidsHeight).toBeCloseTo(anc.frequency[g], 12);
      if (kidsHeight > 0) {
        expect(Math.min(...kids.map((b) => b.lower[g])) - anc.lower[g]).toBeCloseTo(anc.frequency[g] / 2, 12);
      }
    });
  });

  it('handles a chain of thousands of descendants without recursion limits', () => {
    const chain: MullerLineage[] = Array.from({ length: 20_000 }, (_, i) => ({
      id: `n${i}`,
      parent: i === 0 ? undefined : `n${i - 1}`,
      counts: [1, 1],
    }));
    const result = mullerLayout([0, 1], chain);
    expect(result.bands[19_999].depth).toBe(19_999);
    expect(result.bands[0].upper[1]).toBeCloseTo(1, 9);
  });

  it('rejects inconsistent input, naming the lineage and what was expected', () => {
    expect(() => mullerLayout([0, 1], [{ id: 'x', counts: [1] }])).toThrow(/mullerLayout: expected lineage "x" to have 2 counts .* got 1/);
    expect(() => mullerLayout([0, 1], [{ id: 'x', counts: [1, NaN] }])).toThrow(/lineage "x" counts\[1\] to be a finite count ≥ 0, got NaN/);
    expect(() => mullerLayout([0, 0], [])).toThrow(/strictly increasing, got generations\[1\] = 0 after 0/);
    expect(() => mullerLayout([0], [{ id: 'x', counts: [1] }, { id: 'x', counts: [1] }])).toThrow(/unique lineage ids, got "x" twice/);
    expect(() =>
      mullerLayout([0], [
        { id: 'p', parent: 'q', counts: [1] },
        { id: 'q', parent: 'p', counts: [1] },
      ]),
    ).toThrow(/form a tree, but lineages "p", "q" form a cycle/);
  });
});

describe('mullerPlot', () => {
  it('fills the plot height with the root bands at every generation', () => {
    const svg = mullerPlot({ title: 'Lineages', generations, lineages });
    expectValidFigure(svg);
    expect(texts(svg)).toEqual(expect.arrayContaining(['Lineages', 'Generation', 'Frequency', ...lineages.map((l) => l.id)]));
    const rect = plotRect(svg);
    // A band present through the last generation is drawn as one polygon: the top edge
    // left to right, then the bottom edge right to left. Its pixel height per generation:
    const heights = (id: string): number[] => {
      const d = new RegExp(`<path d="([^"]*)"[^>]*data-lineage="${id}"`).exec(svg)![1];
      const points = pathPoints(d);
      const half = points.length / 2;
      const top = points.slice(0, half);
      const bottom = points.slice(half).reverse();
      const first = generations.length - half;
      return generations.map((_, g) => (g < first ? 0 : bottom[g - first][1] - top[g - first][1]));
    };
    const rootHeights = ['ancestor', 'r', 'orphan'].map(heights);
    generations.forEach((_, g) => {
      const total = rootHeights.reduce((sum, h) => sum + h[g], 0);
      expect(total).toBeCloseTo(rect.bottom - rect.top, 1);
    });
    const ancestor = pathPoints(/<path d="([^"]*)"[^>]*data-lineage="ancestor"/.exec(svg)![1]);
    expect(ancestor[ancestor.length - 1][1]).toBeCloseTo(rect.bottom, 1);
    expect(ancestor[0][0]).toBeCloseTo(rect.left, 1);
    expect(ancestor[4][0]).toBeCloseTo(rect.right, 1);
  });

  it('draws a lineage only where it exists, budding from one generation before', () => {
    const svg = mullerPlot({ title: 't', generations, lineages });
    const d = /<path d="([^"]*)"[^>]*data-lineage="a1"/.exec(svg)![1];
    // a1 exists from generation 2: drawn from generation 1 (zero width) to 4.
    expect(pathPoints(d)).toHaveLength(2 * 4);
  });

  it('names the ten largest lineages in the legend and counts the rest', () => {
    const many: MullerLineage[] = Array.from({ length: 15 }, (_, i) => ({ id: `L${i}`, counts: [i + 1, i + 1] }));
    const svg = mullerPlot({ title: 'many', generations: [0, 1], lineages: many });
    expectValidFigure(svg);
    const labels = texts(svg);
    for (let i = 5; i < 15; i++) expect(labels).toContain(`L${i}`);
    for (let i = 0; i < 5; i++) expect(labels).not.toContain(`L${i}`);
    expect(labels).toContain('legend: 10 of 15 lineages, largest peak frequency first');
  });

  it('says "no data" when there is nothing to draw', () => {
    const svg = mullerPlot({ title: 'empty', generations: [], lineages: [] });
    expectValidFigure(svg);
    expect(texts(svg)).toContain('no data');
    const zeros = mullerPlot({ title: 'extinct', generations: [0], lineages: [{ id: 'x', counts: [0] }] });
    expect(texts(zeros)).toContain('no data');
  });
});
