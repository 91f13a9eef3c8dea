import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { defaultSpec, type ModelSpec } from '../../src/engine/models/modelSpec';
import { seededStream } from '../../src/engine/random/streams';
import { QuineMap } from '../../src/engine/solve/quineMap';
import { referenceEmbedding, referenceForward } from './referenceQuine';
import { seededLanes } from './seededLanes';

// The solver's Jacobian-vector products (the forward-mode tangent pass) against
// central finite differences of the float64 reference forward pass, which shares
// no code with the engine.

beforeAll(async () => {
  await selectBackend('wasm');
});

const cases: Partial<ModelSpec>[] = [{}, { activation: 'relu' }, { activation: 'linear' }, { weightNorm: 'per-layer' }, { activation: 'leaky-relu', weightNorm: 'per-layer' }];

describe('QuineMap: R(θ) and J(θ)·v', () => {
  for (const extra of cases) {
    it(`J·v matches finite differences of the reference (${JSON.stringify(extra)})`, () => {
      const spec: ModelSpec = { ...defaultSpec('vanilla'), init: 'he', ...extra };
      const run = seededLanes(spec, [11]);
      const n = run.lanes.layout.count;
      const arch = { activation: spec.activation ?? 'selu', weightNorm: spec.weightNorm ?? 'none' } as const;
      const theta = Float64Array.from(run.thetas[0]);
      const rng = seededStream(`quinarium/tangent/${JSON.stringify(extra)}`);
      const v = Float64Array.from({ length: n }, () => rng.normal());
      const map = new QuineMap(run.inputs[0], run.lanes.architecture(0));
      const lin = map.linearise(theta);
      const jv = lin.jvp(v);
      const f = lin.f;
      lin.dispose();
      // Small enough that no relu unit crosses its kink between θ − hv and θ + hv (the reference is float64).
      const h = 1e-8;
      const plus = Float64Array.from(theta, (x, i) => x + h * v[i]);
      const minus = Float64Array.from(theta, (x, i) => x - h * v[i]);
      let scale = 0;
      const coords = [0, 9_999, 10_000, 20_000, 20_099, ...Array.from({ length: 25 }, () => rng.int(n))];
      const fd = coords.map((c) => {
        const e = referenceEmbedding(spec, run.inputs[0].projections, n, c);
        expect(Math.abs(f[c] - referenceForward(theta, false, e, arch).f)).toBeLessThan(1e-4 * (1 + Math.abs(f[c]) * 10));
        const d = (referenceForward(plus, false, e, arch).f - referenceForward(minus, false, e, arch).f) / (2 * h);
        scale = Math.max(scale, Math.abs(d));
        return d;
      });
      expect(scale).toBeGreaterThan(1e-3);
      coords.forEach((c, i) => {
        expect(Math.abs(jv[c] - fd[i]), `coordinate ${c}: J·v ${jv[c]} vs ${fd[i]}`).toBeLessThan(2e-4 * scale + 1e-4 * Math.abs(fd[i]));
      });
      run.lanes.dispose();
      run.inputs.forEach((i) => i.dispose());
    });
  }

  it('a weight-normalised quine has J·θ = 0 (f_{sθ} = f_θ: no radial mode); selu has J·θ ≈ 3·f for small θ', () => {
    for (const [extra, expected] of [[{ weightNorm: 'per-layer' }, 0], [{}, 3]] as const) {
      const spec: ModelSpec = { ...defaultSpec('vanilla'), init: 'he', ...extra };
      const run = seededLanes(spec, [12]);
      // Small weights: selu is then close to homogeneous (selu(x) ≈ λx + λα(e^x − 1 − x)…).
      const theta = Float64Array.from(run.thetas[0], (x) => 0.05 * x);
      const lin = new QuineMap(run.inputs[0], run.lanes.architecture(0)).linearise(theta);
      const jt = lin.jvp(theta);
      const f = lin.f;
      lin.dispose();
      let num = 0, den = 0;
      for (let c = 0; c < f.length; c++) {
        num += jt[c] * f[c];
        den += f[c] * f[c];
      }
      // ⟨Jθ, f⟩/⟨f, f⟩: the homogeneity degree along θ.
      expect(num / den).toBeCloseTo(expected, 1);
      run.lanes.dispose();
      run.inputs.forEach((i) => i.dispose());
    }
  });
});
