import { describe, expect, it } from 'vitest';
import type { IndividualRow } from '../../src/protocol/messages';
import { buildEdgeQuads, buildNodePoints, drawOrder, EDGE_STYLE, LIFESPAN_ALPHA } from '../../renderer/src/lineage/lineageGeometry';
import { EXTINCT_ALPHA, LineageLayout } from '../../renderer/src/lineage/lineageLayout';

function row(id: number, parent: number | null, born: number, extra: Partial<IndividualRow> = {}): IndividualRow {
  return { id, parent, born, died: null, accuracy: null, lsr: null, srq: null, corr: null, meanAbsTheta: null, sigma: 0, ...extra };
}

// R(0) ─┬─ A(1) ── A1(3)   A1 alive
//       └─ B(2) ── B1(4)   B1 dead: B's branch is extinct
function tree(): LineageLayout {
  const layout = new LineageLayout();
  layout.upsert([row(0, null, 0, { accuracy: 0.1 }), row(1, 0, 1, { accuracy: 0.5 }), row(2, 0, 1), row(3, 1, 2, { accuracy: 0.9 }), row(4, 2, 2)]);
  layout.setDeaths([0], 1);
  layout.setDeaths([1, 2], 2);
  layout.setDeaths([4], 3);
  layout.update();
  return layout;
}

describe('lineage quad buffers', () => {
  it('draws extinct lineages first so survivors end up on top', () => {
    const layout = tree();
    expect(Array.from(drawOrder(layout), (i) => layout.idAt(i))).toEqual([2, 4, 0, 1, 3]);
  });

  it('packs each node as a point: centre, fidelity and RGBA colour, in draw order', () => {
    const layout = tree();
    const nodes = buildNodePoints(layout);
    const k = Array.from(nodes.order, (i) => layout.idAt(i)).indexOf(3);
    const p = layout.position(3)!;
    expect([nodes.position[2 * k], nodes.position[2 * k + 1]]).toEqual([p.x, p.y]);
    expect(nodes.size[k]).toBe(layout.size[layout.indexOf(3)]);
    // Highest accuracy → viridis yellow #fde725, fully opaque (alive).
    expect(Array.from(nodes.colour.subarray(4 * k, 4 * k + 4))).toEqual([0xfd, 0xe7, 0x25, 255]);
    const extinct = Array.from(nodes.order, (i) => layout.idAt(i)).indexOf(4);
    expect(nodes.colour[4 * extinct + 3]).toBe(Math.round(255 * EXTINCT_ALPHA));
  });

  it('makes one edge per child, from the parent to the child, styled by the child lineage', () => {
    const layout = tree();
    const edges = buildEdgeQuads(layout);
    expect(edges.count).toBe(4);
    expect(edges.from.length).toBe(4 * 4 * 2);
    const pairs = Array.from({ length: edges.count }, (_, e) => {
      const from = layout.nodeAt(edges.from[8 * e], edges.from[8 * e + 1], 0.01, 0.01);
      const to = layout.nodeAt(edges.to[8 * e], edges.to[8 * e + 1], 0.01, 0.01);
      return [from, to, edges.colour[16 * e + 3]];
    });
    // Vertices (end, side): parent +, parent −, child −, child +; triangles span the quad.
    expect(Array.from(edges.end.subarray(0, 4))).toEqual([0, 0, 1, 1]);
    expect(Array.from(edges.side.subarray(0, 4))).toEqual([1, -1, -1, 1]);
    expect(Array.from(edges.index.subarray(0, 6))).toEqual([0, 2, 3, 0, 3, 1]);
    const faint = Math.round(255 * EDGE_STYLE.extinct.alpha), bright = Math.round(255 * EDGE_STYLE.alive.alpha);
    expect(pairs).toEqual([[0, 2, faint], [2, 4, faint], [0, 1, bright], [1, 3, bright]]);
  });

  it('adds a lifespan bar, in the individual\'s colour, for each one that outlived its birth generation', () => {
    const layout = new LineageLayout();
    // 0: an elite alive from generation 0 to the latest (3); 1: born 1, died 3 (lived 1–2);
    // 2: born 2, died 3 (lived only its birth generation: no bar); 3: born 3 (the latest).
    layout.upsert([row(0, null, 0, { accuracy: 0.9 }), row(1, 0, 1, { accuracy: 0.1 }), row(2, 1, 2), row(3, 0, 3)]);
    layout.setDeaths([1, 2], 3);
    layout.update();
    const edges = buildEdgeQuads(layout);
    const bars: [number, number, number, number][] = [];
    const linkColours = [EDGE_STYLE.alive.rgb, EDGE_STYLE.extinct.rgb].map((c) => c.join());
    for (let e = 0; e < edges.count; e++) {
      const rgb = Array.from(edges.colour.subarray(16 * e, 16 * e + 3));
      if (!linkColours.includes(rgb.join())) bars.push([edges.from[8 * e], edges.to[8 * e], rgb[0], edges.colour[16 * e + 3]]);
    }
    // Links 0→1, 1→2, 0→3, plus bars for 0 (0→3, alive) and 1 (1→2, extinct: its only child died too).
    expect(edges.count).toBe(5);
    expect(bars.sort((a, b) => a[0] - b[0])).toEqual([
      [0, 3, 0xfd, Math.round(255 * LIFESPAN_ALPHA.alive)],
      [1, 2, 0x44, Math.round(255 * LIFESPAN_ALPHA.extinct)],
    ]);
  });

  it('handles an empty lineage', () => {
    const layout = new LineageLayout();
    layout.update();
    expect(buildNodePoints(layout).order.length).toBe(0);
    expect(buildEdgeQuads(layout).count).toBe(0);
  });
});
