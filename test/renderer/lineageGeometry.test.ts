import { describe, expect, it } from 'vitest';
import type { IndividualRow } from '../../src/protocol/messages';
import { syntheticLineage } from '../../renderer/src/lineage/syntheticLineage';
import { buildEdgeLines, buildNodePoints, CHUNK_PRIMITIVES, chunkInView, drawOrder, EDGE_STYLE, LIFESPAN_ALPHA } from '../../renderer/src/lineage/lineageGeometry';
import { EXTINCT_ALPHA, LineageLayout } from '../../renderer/src/lineage/lineageLayout';

function row(id: number, parent: number | null, born: number, extra: Partial<IndividualRow> = {}): IndividualRow {
  return { id, parent, born, died: null, accuracy: null, lsr: null, srq: null, corr: null, meanAbsTheta: null, r2: null, rmsTheta: null, bits: null, innateAccuracy: null, transmissionR2: null, sigma: 0, ...extra };
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

describe('lineage vertex buffers', () => {
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

  it('makes one line per child, from the parent to the child, styled by the child lineage', () => {
    const layout = tree();
    const edges = buildEdgeLines(layout);
    expect(edges.count).toBe(4);
    expect(edges.position.length).toBe(4 * 4);
    expect(edges.colour.length).toBe(4 * 8);
    const pairs = Array.from({ length: edges.count }, (_, e) => {
      const from = layout.nodeAt(edges.position[4 * e], edges.position[4 * e + 1], 0.01, 0.01);
      const to = layout.nodeAt(edges.position[4 * e + 2], edges.position[4 * e + 3], 0.01, 0.01);
      return [from, to, edges.colour[8 * e + 3]];
    });
    const faint = Math.round(255 * EDGE_STYLE.extinct.alpha), bright = Math.round(255 * EDGE_STYLE.alive.alpha);
    expect(pairs).toEqual([[0, 2, faint], [2, 4, faint], [0, 1, bright], [1, 3, bright]]);
    // Premultiplied (Pixi's blend expects it), and the same on both vertices of a segment.
    const alive = EDGE_STYLE.alive;
    const premultiplied = [...alive.rgb.map((c) => Math.round(c * alive.alpha)), bright];
    expect(Array.from(edges.colour.subarray(16, 24))).toEqual([...premultiplied, ...premultiplied]);
  });

  it('adds a lifespan bar, in the individual\'s colour, for each one that outlived its birth generation', () => {
    const layout = new LineageLayout();
    // 0: an elite alive from generation 0 to the latest (3); 1: born 1, died 3 (lived 1–2);
    // 2: born 2, died 3 (lived only its birth generation: no bar); 3: born 3 (the latest).
    layout.upsert([row(0, null, 0, { accuracy: 0.9 }), row(1, 0, 1, { accuracy: 0.1 }), row(2, 1, 2), row(3, 0, 3)]);
    layout.setDeaths([1, 2], 3);
    layout.update();
    const edges = buildEdgeLines(layout);
    const bars: number[][] = [];
    const linkAlphas = [EDGE_STYLE.alive.alpha, EDGE_STYLE.extinct.alpha].map((a) => Math.round(255 * a));
    for (let e = 0; e < edges.count; e++) {
      const a = edges.colour[8 * e + 3];
      // Bars are horizontal (one slot) and use the lifespan alphas, links the edge alphas.
      if (!linkAlphas.includes(a)) {
        expect(edges.position[4 * e + 1]).toBe(edges.position[4 * e + 3]);
        bars.push([edges.position[4 * e], edges.position[4 * e + 2], edges.colour[8 * e], a]);
      }
    }
    // Links 0→1, 1→2, 0→3, plus bars for 0 (0→3, alive) and 1 (1→2, extinct: its only child died too).
    expect(edges.count).toBe(5);
    const alive = LIFESPAN_ALPHA.alive, extinct = LIFESPAN_ALPHA.extinct;
    expect(bars.sort((a, b) => a[0] - b[0])).toEqual([
      [0, 3, Math.round(0xfd * alive), Math.round(255 * alive)],
      [1, 2, Math.round(0x44 * extinct), Math.round(255 * extinct)],
    ]);
  });

  it('orders each group by generation, whatever order the individuals arrived in', () => {
    const layout = new LineageLayout();
    // Arrival order 0, 3, 1, 2, 4 — generations 0, 2, 1, 1, 2; all alive.
    layout.upsert([row(0, null, 0), row(3, 0, 2), row(1, 0, 1), row(2, 0, 1), row(4, 1, 2)]);
    layout.update();
    const ids = Array.from(drawOrder(layout), (i) => layout.idAt(i));
    expect(ids.map((id) => layout.position(id)!.x)).toEqual([0, 1, 1, 2, 2]);
    // Ties keep arrival order.
    expect(ids).toEqual([0, 1, 2, 3, 4]);
  });

  it('cuts points and lines into chunks whose boxes hold their primitives and never mix extinct with surviving', () => {
    const layout = new LineageLayout();
    layout.upsert(syntheticLineage(5000, 60, 4));
    layout.update();
    const nodes = buildNodePoints(layout);
    const edges = buildEdgeLines(layout);
    const cases = [
      { chunks: nodes.chunks, total: nodes.order.length, points: (k: number) => [[nodes.position[2 * k], nodes.position[2 * k + 1]]], alive: (k: number) => nodes.colour[4 * k + 3] === 255 },
      { chunks: edges.chunks, total: edges.count, points: (k: number) => [[edges.position[4 * k], edges.position[4 * k + 1]], [edges.position[4 * k + 2], edges.position[4 * k + 3]]], alive: (k: number) => {
        const a = edges.colour[8 * k + 3];
        return a === Math.round(255 * EDGE_STYLE.alive.alpha) || a === Math.round(255 * LIFESPAN_ALPHA.alive);
      } },
    ];
    for (const { chunks, total, points, alive } of cases) {
      expect(chunks.length).toBeGreaterThan(total / CHUNK_PRIMITIVES);
      let next = 0;
      for (const c of chunks) {
        expect(c.start).toBe(next);
        expect(c.count).toBeGreaterThan(0);
        expect(c.count).toBeLessThanOrEqual(CHUNK_PRIMITIVES);
        next += c.count;
        const xs: number[] = [], ys: number[] = [];
        const groups = new Set<boolean>();
        for (let k = c.start; k < c.start + c.count; k++) {
          for (const [x, y] of points(k)) {
            xs.push(x);
            ys.push(y);
          }
          groups.add(alive(k));
        }
        expect([c.minX, c.maxX, c.minY, c.maxY]).toEqual([Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]);
        expect(groups.size).toBe(1);
      }
      expect(next).toBe(total);
    }
    // Sorted by generation within each group, node chunks follow one another in time, meeting at most at one generation.
    const extinct = nodes.chunks.filter((c) => nodes.colour[4 * c.start + 3] !== 255);
    expect(extinct.length).toBeGreaterThan(2);
    for (let k = 1; k < extinct.length; k++) expect(extinct[k].minX).toBeGreaterThanOrEqual(extinct[k - 1].maxX);
  });

  it('keeps a chunk when its box touches or overlaps the view, drops it when wholly outside', () => {
    const chunk = { start: 0, count: 1, minX: 10, maxX: 20, minY: 5, maxY: 8 };
    const view = (minX: number, maxX: number, minY: number, maxY: number) => ({ minX, maxX, minY, maxY });
    expect(chunkInView(chunk, view(0, 100, 0, 100))).toBe(true);
    expect(chunkInView(chunk, view(15, 16, 6, 7))).toBe(true);
    expect(chunkInView(chunk, view(20, 30, 8, 9))).toBe(true);
    expect(chunkInView(chunk, view(20.5, 30, 0, 100))).toBe(false);
    expect(chunkInView(chunk, view(0, 9.5, 0, 100))).toBe(false);
    expect(chunkInView(chunk, view(0, 100, 8.5, 100))).toBe(false);
    expect(chunkInView(chunk, view(0, 100, 0, 4.9))).toBe(false);
  });

  it('handles an empty lineage', () => {
    const layout = new LineageLayout();
    layout.update();
    expect(buildNodePoints(layout).order.length).toBe(0);
    expect(buildEdgeLines(layout).count).toBe(0);
    expect(buildNodePoints(layout).chunks).toEqual([]);
  });
});
