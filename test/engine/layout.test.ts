import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { LaneSet } from '../../src/engine/lanes/laneSet';
import { splitWeights } from '../../src/engine/models/forward';
import { canonicalToInternal, internalToCanonical, paramLayout } from '../../src/engine/models/layout';
import type { ModelKind } from '../../src/engine/models/modelSpec';
import { OFFSET } from './referenceQuine';

beforeAll(async () => {
  await selectBackend('cpu');
});

/** θ whose value names its own coordinate, so any permutation error shows as a wrong value. */
const coordinateValues = (n: number, shift = 0): Float32Array => Float32Array.from({ length: n }, (_, c) => c + shift);

describe('paramLayout', () => {
  // SPEC: N = 100·100 + 100·100 + 100 (+ 10·100 for the classifier head).
  it('counts 20,100 weights for vanilla and 21,100 for auxiliary', () => {
    expect(paramLayout('vanilla').count).toBe(20_100);
    expect(paramLayout('auxiliary').count).toBe(21_100);
    expect(paramLayout('vanilla').headWidth).toBe(1);
    expect(paramLayout('auxiliary').headWidth).toBe(11);
  });

  // SPEC: θ = concat(W1, W2, Wout[, Wcls]), each [out, in] row-major, in that order.
  it('places the blocks at the canonical offsets with [out, in] shapes', () => {
    expect(paramLayout('vanilla').blocks).toEqual([
      { name: 'W1', shape: [100, 100], offset: OFFSET.W1 },
      { name: 'W2', shape: [100, 100], offset: OFFSET.W2 },
      { name: 'Wout', shape: [1, 100], offset: OFFSET.Wout },
    ]);
    expect(paramLayout('auxiliary').blocks).toEqual([
      { name: 'W1', shape: [100, 100], offset: OFFSET.W1 },
      { name: 'W2', shape: [100, 100], offset: OFFSET.W2 },
      { name: 'Wout', shape: [1, 100], offset: OFFSET.Wout },
      { name: 'Wcls', shape: [10, 100], offset: OFFSET.Wcls },
    ]);
  });

  for (const kind of ['vanilla', 'auxiliary'] as ModelKind[]) {
    // toInternal must be a bijection of 0..N−1 and toCanonical its inverse, or a
    // checkpoint round trip would lose or duplicate weights.
    it(`${kind}: toInternal and toCanonical are inverse permutations`, () => {
      const layout = paramLayout(kind);
      const n = layout.count;
      expect(layout.toInternal.length).toBe(n);
      expect(layout.toCanonical.length).toBe(n);
      const seen = new Uint8Array(n);
      for (let c = 0; c < n; c++) {
        const i = layout.toInternal[c];
        expect(i >= 0 && i < n).toBe(true);
        seen[i]++;
        if (layout.toCanonical[i] !== c) throw new Error(`toCanonical[toInternal[${c}]] = ${layout.toCanonical[i]}`);
      }
      expect(seen.every((s) => s === 1)).toBe(true);
      const theta = coordinateValues(n);
      expect(internalToCanonical(layout, canonicalToInternal(layout, theta))).toEqual(theta);
    });

    // Internal order (layout.ts): W1, W2 transposed to [in, out]; then the head
    // [100 inputs, headWidth] with column 0 = Wout and columns 1.. = Wcls rows.
    it(`${kind}: toInternal transposes W1/W2 and packs Wout/Wcls into one head`, () => {
      const layout = paramLayout(kind);
      const hw = layout.headWidth;
      for (const [o, i] of [[0, 0], [0, 99], [99, 0], [3, 7], [57, 12]]) {
        expect(layout.toInternal[OFFSET.W1 + o * 100 + i]).toBe(OFFSET.W1 + i * 100 + o);
        expect(layout.toInternal[OFFSET.W2 + o * 100 + i]).toBe(OFFSET.W2 + i * 100 + o);
      }
      for (const i of [0, 1, 42, 99]) expect(layout.toInternal[OFFSET.Wout + i]).toBe(20_000 + i * hw);
      if (kind === 'auxiliary') {
        for (const [r, i] of [[0, 0], [9, 99], [4, 17]]) {
          expect(layout.toInternal[OFFSET.Wcls + r * 100 + i]).toBe(20_000 + i * hw + 1 + r);
        }
      }
    });

    // The LaneSet stores θ internally but must hand back exactly the canonical θ it
    // was given, per lane, and its weight views must read W[o][i] at [i][o].
    it(`${kind}: LaneSet round-trips canonical θ and splitWeights reads the transposed matrices`, () => {
      const layout = paramLayout(kind);
      const n = layout.count;
      const thetas = [coordinateValues(n), coordinateValues(n, 0.5)];
      const inputs = [{ layout }] as unknown as ConstructorParameters<typeof LaneSet>[0];
      const lanes = new LaneSet(inputs, thetas);
      const back = lanes.canonical();
      expect(back[0]).toEqual(thetas[0]);
      expect(back[1]).toEqual(thetas[1]);
      expect(lanes.theta(0).shape).toEqual([n]);
      expect(lanes.theta(1).shape).toEqual([n]);
      // Each lane's views, read from its own variable: lane 1 is lane 0 shifted by 0.5.
      const w = [0, 1].map((l) => tf.tidy(() => splitWeights(lanes.theta(l), layout)));
      for (const [l, shift] of [[0, 0], [1, 0.5]]) {
        expect(w[l].u1.shape).toEqual([100, 100]);
        expect(w[l].u2.shape).toEqual([100, 100]);
        expect(w[l].head.shape).toEqual([100, layout.headWidth]);
        const u1 = w[l].u1.arraySync(), u2 = w[l].u2.arraySync(), head = w[l].head.arraySync();
        for (const [o, i] of [[0, 0], [2, 9], [99, 98]]) {
          expect(u1[i][o]).toBe(OFFSET.W1 + o * 100 + i + shift);
          expect(u2[i][o]).toBe(OFFSET.W2 + o * 100 + i + shift);
          expect(head[i][0]).toBe(OFFSET.Wout + i + shift);
          if (kind === 'auxiliary') expect(head[i][1 + (o % 10)]).toBe(OFFSET.Wcls + (o % 10) * 100 + i + shift);
        }
      }
      for (const x of w) tf.dispose([x.u1, x.u2, x.head]);
      // setCanonical writes each lane's own variable: swapping the lanes swaps them back out.
      lanes.setCanonical([thetas[1], thetas[0]]);
      const swapped = lanes.canonical();
      expect(swapped[0]).toEqual(thetas[1]);
      expect(swapped[1]).toEqual(thetas[0]);
      lanes.dispose();
    });
  }

  it('LaneSet rejects a θ of the wrong length, naming the lane and both sizes', () => {
    const layout = paramLayout('vanilla');
    const inputs = [{ layout }] as unknown as ConstructorParameters<typeof LaneSet>[0];
    expect(() => new LaneSet(inputs, [new Float32Array(20_100), new Float32Array(21_100)])).toThrow(/lane 1 has 21100 weights, expected 20100/);
    const lanes = new LaneSet(inputs, [new Float32Array(20_100)]);
    expect(() => lanes.setCanonical([new Float32Array(20_100), new Float32Array(20_100)])).toThrow(/setCanonical: expected 1 lanes, got 2/);
    expect(() => lanes.setCanonical([new Float32Array(5)])).toThrow(/lane 0 has 5 weights, expected 20100/);
    lanes.dispose();
  });
});
