import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { createEvolutionSession } from '../../src/engine/evolve/evolutionSession';
import { makeProjections } from '../../src/engine/models/projection';
import { RandomStreams } from '../../src/engine/random/streams';
import { SELU_ALPHA, SELU_SCALE } from '../../src/engine/models/selu';

const selu = (x: number) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * (Math.exp(x) - 1));

/** f(c, blank image) straight from SPEC in float64: e = [Pc[c], 0], two selu layers, Wout. Canonical θ. */
function naivePrediction(theta: Float32Array, pc: Float32Array, c: number): number {
  const e = new Float64Array(100);
  for (let j = 0; j < 50; j++) e[j] = pc[c * 50 + j];
  const h1 = new Float64Array(100), h2 = new Float64Array(100);
  for (let o = 0; o < 100; o++) { let s = 0; for (let i = 0; i < 100; i++) s += theta[o * 100 + i] * e[i]; h1[o] = selu(s); }
  for (let o = 0; o < 100; o++) { let s = 0; for (let i = 0; i < 100; i++) s += theta[10000 + o * 100 + i] * h1[i]; h2[o] = selu(s); }
  let f = 0;
  for (let i = 0; i < 100; i++) f += theta[20000 + i] * h2[i];
  return f;
}

describe('reproduction by regeneration', () => {
  beforeAll(async () => { await selectBackend('wasm'); });

  it('with σ = 0 a child is exactly its parent\'s regeneration θ_child[c] = f_parent(c, x_c)', async () => {
    const seed = 11;
    const session = createEvolutionSession({
      preset: 'evo/default',
      overrides: { seed, population: 3, generations: 2, lifetime: { steps: 2 }, evaluation: { validation: 1000 }, mutation: { sigma: 0 }, regeneration: { input: 'blank' }, selection: { elites: 1 } },
      outDir: mkdtempSync(join(tmpdir(), 'quinarium-regen-')),
      threads: 1,
    });
    await session.stepOnce();
    const run = session.run;
    const children = run.living().map((id) => run.individuals().find((r) => r.id === id)!).filter((r) => r.parent !== null);
    expect(children.length).toBe(2);
    const pc = makeProjections({ kind: 'auxiliary', init: 'he', encoding: 'one-hot', embedActivation: 'none' }, 21100, new RandomStreams(seed).fixed('projection')).coord;
    for (const child of children) {
      const parent = run.measuredWeights(child.parent!)!;
      const weights = run.currentWeights(child.id)!;
      expect(weights).not.toEqual(parent);
      // Sampled coordinates in every block (W1, W2, Wout, Wcls) against the float64 forward.
      for (const c of [0, 1, 4999, 10000, 15555, 20000, 20099, 20100, 21099]) {
        const f = naivePrediction(parent, pc, c);
        expect(Math.abs(weights[c] - f)).toBeLessThan(1e-5 + 1e-4 * Math.abs(f));
      }
    }
    // Children of the same parent are identical when nothing is mutated.
    const byParent = new Map<number, Float32Array[]>();
    for (const c of children) byParent.set(c.parent!, [...(byParent.get(c.parent!) ?? []), run.currentWeights(c.id)!]);
    for (const group of byParent.values()) for (const w of group) expect(w).toEqual(group[0]);
    await session.stop();
  });

  it('with σ > 0 every child differs from the regeneration by Gaussian noise of that σ', async () => {
    const sigma = 0.01;
    const session = createEvolutionSession({
      preset: 'evo/default',
      overrides: { seed: 12, population: 3, generations: 2, lifetime: { steps: 2 }, evaluation: { validation: 1000 }, mutation: { sigma }, regeneration: { input: 'blank' }, selection: { elites: 1 } },
      outDir: mkdtempSync(join(tmpdir(), 'quinarium-regen-')),
      threads: 1,
    });
    await session.stepOnce();
    const run = session.run;
    const pc = makeProjections({ kind: 'auxiliary', init: 'he', encoding: 'one-hot', embedActivation: 'none' }, 21100, new RandomStreams(12).fixed('projection')).coord;
    const child = run.living().map((id) => run.individuals().find((r) => r.id === id)!).find((r) => r.parent !== null)!;
    const parent = run.measuredWeights(child.parent!)!;
    const weights = run.currentWeights(child.id)!;
    const noise = Array.from({ length: 400 }, (_, k) => weights[k * 50] - naivePrediction(parent, pc, k * 50));
    const sd = Math.sqrt(noise.reduce((a, b) => a + b * b, 0) / noise.length);
    expect(sd).toBeGreaterThan(0.8 * sigma);
    expect(sd).toBeLessThan(1.2 * sigma);
    await session.stop();
  });
});
