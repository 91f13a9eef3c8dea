import { describe, expect, it } from 'vitest';
import type { IndividualRow } from '../../src/protocol/messages';
import { syntheticLineage } from '../../renderer/src/lineage/syntheticLineage';
import { compactPlacement } from '../../renderer/src/lineage/compactPlacement';
import { EXTINCT_ALPHA, LineageLayout } from '../../renderer/src/lineage/lineageLayout';
import { viridis } from '../../src/shared/colourMaps';

function row(id: number, parent: number | null, born: number, extra: Partial<IndividualRow> = {}): IndividualRow {
  return { id, parent, born, died: null, accuracy: null, lsr: null, srq: null, corr: null, meanAbsTheta: null, r2: null, rmsTheta: null, bits: null, innateAccuracy: null, transmissionR2: null, sigma: 0, ...extra };
}

function ys(layout: LineageLayout, ids: number[]): number[] {
  return ids.map((id) => layout.position(id)!.y);
}

describe('compactPlacement', () => {
  it('leaves well-separated positions where they are', () => {
    expect([...compactPlacement([1, 2, 3.5])]).toEqual([1, 2, 3.5]);
  });

  it('spreads a pile-up symmetrically round its centre', () => {
    expect([...compactPlacement([0, 0, 0])]).toEqual([-1, 0, 1]);
  });

  it('pools only the crowded neighbours (least squares by hand: -0.25, 0.75)', () => {
    // Two points 0.5 apart must move 0.25 each; the third is already free.
    expect([...compactPlacement([0, 0.5, 5])]).toEqual([-0.25, 0.75, 5]);
  });

  it('keeps the given order when wishes cross (pooled by hand: 0, 1, 2)', () => {
    // e = d − i = [0, 1, −1]; the last two pool to mean 0, so z = [0, 0, 0].
    expect([...compactPlacement([0, 2, 1])]).toEqual([0, 1, 2]);
    expect(() => compactPlacement([0], -1)).toThrow(/compactPlacement: expected gap ≥ 0, got -1/);
  });
});

describe('LineageLayout placement', () => {
  it('stacks founders at x = 0, y = 0..P−1 in arrival order', () => {
    const layout = new LineageLayout();
    layout.upsert([row(10, null, 0), row(11, null, 0), row(12, null, 0)]);
    expect(ys(layout, [10, 11, 12])).toEqual([0, 1, 2]);
    expect(layout.position(11)!.x).toBe(0);
  });

  it('puts an only child level with its parent and siblings round it', () => {
    const layout = new LineageLayout();
    layout.upsert([row(0, null, 0), row(1, null, 0), row(2, null, 0), row(3, null, 0), row(4, null, 0), row(5, null, 0), row(6, null, 0)]);
    // Parent 0 (y 0) has three children, parent 6 (y 6) one; the rest none.
    layout.upsert([row(7, 0, 1), row(8, 0, 1), row(9, 0, 1), row(10, 6, 1)]);
    expect(ys(layout, [7, 8, 9])).toEqual([-1, 0, 1]);
    expect(layout.position(10)).toEqual({ x: 1, y: 6 });
  });

  it('pushes crowded families apart by the least-squares amount', () => {
    const layout = new LineageLayout();
    layout.upsert([row(0, null, 0), row(1, null, 0)]);
    layout.upsert([row(2, 0, 1), row(3, 0, 1), row(4, 0, 1), row(5, 1, 1)]);
    // Desired -1, 0, 1 (family of 0) and 1 (family of 1); sorted e = d − i = [-1, -1, -1, -2]
    // pools into one block of mean -1.25, so y = -1.25 + i.
    expect(ys(layout, [2, 3, 4, 5])).toEqual([-1.25, -0.25, 0.75, 1.75]);
  });

  it('keeps every child within its family of its parent and one slot between neighbours (2,000 nodes)', () => {
    const rows = syntheticLineage(2000, 40, 3);
    const layout = new LineageLayout();
    layout.upsert(rows);
    const byGeneration = new Map<number, number[]>();
    for (const r of rows) byGeneration.set(r.born, [...(byGeneration.get(r.born) ?? []), layout.position(r.id)!.y]);
    for (const [, column] of byGeneration) {
      column.sort((a, b) => a - b);
      for (let i = 1; i < column.length; i++) expect(column[i] - column[i - 1]).toBeGreaterThanOrEqual(1 - 1e-4);
    }
    // Siblings form one contiguous run: once a family's run ends, it never reappears below.
    for (const [g] of byGeneration) {
      const parents = rows.filter((r) => r.born === g).sort((a, b) => layout.position(a.id)!.y - layout.position(b.id)!.y).map((r) => r.parent);
      const finished = new Set<number | null>();
      for (let i = 1; i < parents.length; i++) {
        if (parents[i] === parents[i - 1]) continue;
        finished.add(parents[i - 1]);
        if (parents[i] !== null) expect(finished.has(parents[i])).toBe(false);
      }
    }
    // Children stay near their parents: the mean displacement is a few slots, not the band's width.
    let displacement = 0;
    let children = 0;
    for (const r of rows) {
      if (r.parent === null) continue;
      displacement += Math.abs(layout.position(r.id)!.y - layout.position(r.parent)!.y);
      children++;
    }
    expect(displacement / children).toBeLessThan(5);
  });

  it('lays out the same whether rows arrive in one batch or generation by generation', () => {
    const rows = syntheticLineage(1500, 30, 7);
    const batch = new LineageLayout();
    batch.upsert(rows);
    batch.update();
    const live = new LineageLayout();
    const last = rows[rows.length - 1].born;
    for (let g = 0; g <= last; g++) {
      live.upsert(rows.filter((r) => r.born === g));
      live.update();
    }
    expect(live.count).toBe(batch.count);
    for (const r of rows) expect(live.position(r.id)).toEqual(batch.position(r.id));
  });

  it('places a child that arrived before its parent once the parent is known', () => {
    const layout = new LineageLayout();
    layout.upsert([row(0, null, 0), row(1, null, 0), row(5, 1, 1)]);
    layout.update();
    layout.upsert([row(2, null, 0)]);
    expect(layout.position(5)).toEqual({ x: 1, y: 1 });
    const orphanFirst = new LineageLayout();
    orphanFirst.upsert([row(9, 3, 1)]);
    orphanFirst.upsert([row(3, null, 0), row(4, null, 0)]);
    expect(orphanFirst.position(9)).toEqual({ x: 1, y: 0 });
    expect(orphanFirst.ancestry(9)).toEqual([3, 9]);
  });

  it('rejects a birth generation that is not a non-negative integer', () => {
    expect(() => new LineageLayout().upsert([row(1, null, -1)])).toThrow(/LineageLayout.upsert: expected individual 1 to have an integer birth generation ≥ 0, got -1/);
  });
});

describe('LineageLayout flags and styles', () => {
  // R ─┬─ A ── A1
  //    └─ B ── B1
  function tree(): LineageLayout {
    const layout = new LineageLayout();
    layout.upsert([row(0, null, 0), row(1, 0, 1), row(2, 0, 1), row(3, 1, 2), row(4, 2, 2)]);
    layout.setDeaths([0], 1);
    layout.setDeaths([1, 2], 2);
    layout.setDeaths([4], 3);
    return layout;
  }

  it('marks a lineage extinct exactly when no descendant lives', () => {
    const layout = tree();
    expect([0, 1, 2, 3, 4].map((id) => layout.isExtinct(id))).toEqual([false, false, true, false, true]);
    const alpha = layout.alpha;
    expect(alpha[layout.indexOf(2)]).toBeCloseTo(EXTINCT_ALPHA);
    expect(alpha[layout.indexOf(1)]).toBe(1);
    layout.setDeaths([3], 4);
    expect([0, 1, 2, 3, 4].map((id) => layout.isExtinct(id))).toEqual([true, true, true, true, true]);
  });

  it('maps the lowest accuracy to viridis dark purple and the highest to yellow', () => {
    expect(viridis(0)).toBe(0x440154);
    expect(viridis(1)).toBe(0xfde725);
    expect(viridis(-3)).toBe(0x440154);
    expect(viridis(Number.NaN, 0x123456)).toBe(0x123456);
    const layout = new LineageLayout();
    layout.upsert([row(0, null, 0, { accuracy: 0.2 }), row(1, null, 0, { accuracy: 0.6 }), row(2, null, 0, { accuracy: 0.4 }), row(3, null, 0)]);
    layout.update();
    const c = layout.colour;
    expect([c[0], c[1], c[2]]).toEqual([0x440154, 0xfde725, viridis(0.5)]);
    expect(c[3]).toBe(viridis(Number.NaN));
    expect(layout.accuracyDomain).toEqual([0.2, 0.6]);
    expect(layout.colourDomain).toEqual([0.2, 0.6]);
  });

  it('recolours by another metric on setColourBy, greys the unmeasured, and keeps a choice given at construction', () => {
    const rows = [row(0, null, 0, { accuracy: 0.9, r2: -0.5 }), row(1, 0, 1, { accuracy: 0.1, r2: 0.5 }), row(2, 0, 1, { accuracy: 0.5, r2: null })];
    const layout = new LineageLayout();
    layout.upsert(rows);
    layout.update();
    expect(layout.colour[0]).toBe(viridis(1));
    layout.setColourBy('r2');
    expect(layout.dirty).toBe(true);
    expect(layout.colourDomain).toEqual([-0.5, 0.5]);
    expect([layout.colour[0], layout.colour[1], layout.colour[2]]).toEqual([viridis(0), viridis(1), viridis(Number.NaN)]);
    expect(layout.colourBy.label).toMatch(/^r2/);
    const born = new LineageLayout({ colourBy: 'born' });
    born.upsert(rows);
    born.update();
    // Born 0, 1, 1: the domain is [0, 1] and generation 1 is yellow.
    expect([born.colour[0], born.colour[1]]).toEqual([viridis(0), viridis(1)]);
    expect(() => layout.setColourBy('nope' as never)).toThrow(/colour by: unknown metric 'nope'/);
  });

  it('sizes nodes by −log10 L_SR across its 5th..95th percentile', () => {
    const layout = new LineageLayout();
    layout.upsert([row(0, null, 0, { lsr: 1 }), row(1, null, 0, { lsr: 0.01 }), row(2, null, 0, { lsr: 0.1 }), row(3, null, 0)]);
    layout.update();
    expect(Array.from(layout.size.subarray(0, 4))).toEqual([0, 1, 0.5, 0]);
    expect(layout.sizeDomain).toEqual([0, 2]);
  });

  it('merges metric updates without losing fields the update leaves null', () => {
    const layout = new LineageLayout();
    layout.upsert([row(0, null, 0, { accuracy: 0.3, lsr: 2 })]);
    layout.upsert([row(0, null, 0, { lsr: 4 })]);
    expect(layout.row(0)).toMatchObject({ accuracy: 0.3, lsr: 4 });
    // The scale-free metrics arrive with the first measurement and must not be dropped.
    layout.upsert([row(0, null, 0, { r2: 0.995, rmsTheta: 0.07, bits: 1e5, innateAccuracy: 0.11, transmissionR2: 0.42 })]);
    layout.upsert([row(0, null, 0, { lsr: 5 })]);
    expect(layout.row(0)).toMatchObject({ accuracy: 0.3, lsr: 5, r2: 0.995, rmsTheta: 0.07, bits: 1e5, innateAccuracy: 0.11, transmissionR2: 0.42 });
  });

  it('raises the dirty flag on change and clears it when drawn', () => {
    const layout = new LineageLayout();
    expect(layout.dirty).toBe(false);
    layout.upsert([row(0, null, 0)]);
    expect(layout.dirty).toBe(true);
    layout.update();
    layout.markDrawn();
    layout.update();
    expect(layout.dirty).toBe(false);
    layout.setDeaths([0], 1);
    expect(layout.dirty).toBe(true);
  });
});

describe('LineageLayout at 50,000 nodes', () => {
  const rows = syntheticLineage(50_000, 250, 11);
  const layout = new LineageLayout();
  layout.upsert(rows);
  layout.update();

  it('holds every node with finite positions', () => {
    expect(layout.count).toBe(50_000);
    for (let i = 0; i < layout.count; i++) {
      expect(Number.isFinite(layout.y[i])).toBe(true);
    }
    expect(layout.ancestry(rows[rows.length - 1].id)[0]).toBeLessThan(250);
  });

  it('hit-tests each sampled node to its own id, and agrees with a brute-force nearest search', () => {
    for (let k = 0; k < rows.length; k += 997) {
      const p = layout.position(rows[k].id)!;
      expect(layout.nodeAt(p.x, p.y)).toBe(rows[k].id);
    }
    // Random probes: the grid's answer must be the brute-force nearest within the ellipse.
    let seed = 5;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const b = layout.bounds();
    for (let q = 0; q < 60; q++) {
      const x = b.minX + random() * (b.maxX - b.minX);
      const y = b.minY + random() * (b.maxY - b.minY);
      let best: number | null = null;
      let bestD = 1;
      for (let i = 0; i < layout.count; i++) {
        const d = ((layout.x[i] - x) / 0.6) ** 2 + ((layout.y[i] - y) / 0.6) ** 2;
        if (d <= bestD) { bestD = d; best = layout.idAt(i); }
      }
      const found = layout.nodeAt(x, y, 0.6, 0.6);
      if (best === null) expect(found).toBeNull();
      else expect(layout.position(found!)).toEqual(layout.position(best));
    }
    expect(layout.nodeAt(b.maxX + 50, b.maxY + 50)).toBeNull();
  });
});
