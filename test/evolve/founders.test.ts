import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEvolutionConfig, type EvolutionConfig } from '../../src/engine/evolve/evolutionConfig';
import { distinctFounders, initialState, mutateCopies } from '../../src/engine/evolve/evolutionState';
import { loadFounders, writeFounders } from '../../src/engine/evolve/founders';
import { resolveEvolutionConfig } from '../../src/engine/evolve/evolutionSession';
import { paramLayout } from '../../src/engine/models/layout';
import type { ModelSpec } from '../../src/engine/models/modelSpec';
import { makeProjections } from '../../src/engine/models/projection';
import { RandomStreams, seededStream } from '../../src/engine/random/streams';
import { solveQuine } from '../../src/engine/solve/solveQuine';
import { writeLaneCheckpoint } from '../../src/engine/store/laneCheckpoint';

// Founders of an evolution: solved into quines of a map (checked on maps whose fixed
// point is known), copied and mutated into a full population, and loaded from
// checkpoints only when they are quines of the run's own map.

const N = paramLayout('auxiliary').count;
const SPEC: ModelSpec = { kind: 'auxiliary', init: 'he', encoding: 'one-hot', embedActivation: 'none' };
const config = (extra: Record<string, unknown> = {}): EvolutionConfig =>
  validateEvolutionConfig({ population: 5, mutation: { sigma: 0.01 }, ...extra }, 'config');

/** x solving (I − A)·x = b by Gaussian elimination (dense, small): the fixed point of θ ↦ Aθ + b. */
function fixedPoint(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row.map((x, j) => (i === j ? 1 : 0) - x), b[i]]);
  for (let k = 0; k < n; k++) {
    const p = m.slice(k).reduce((best, row, i) => (Math.abs(row[k]) > Math.abs(m[best][k]) ? k + i : best), k);
    [m[k], m[p]] = [m[p], m[k]];
    for (let i = k + 1; i < n; i++) {
      const f = m[i][k] / m[k][k];
      for (let j = k; j <= n; j++) m[i][j] -= f * m[k][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) x[i] = (m[i][n] - m[i].slice(i + 1, n).reduce((s, v, j) => s + v * x[i + 1 + j], 0)) / m[i][i];
  return x;
}

describe('solveQuine: projective regenerations, then Newton–Krylov, on maps with a known fixed point', () => {
  const n = 16;
  const rng = seededStream('quinarium/test/solve-quine');
  // An expanding map (entries of A up to ±2): plain regeneration would run away, Newton does not care.
  const a = Array.from({ length: n }, () => Array.from({ length: n }, () => 0.6 * rng.normal()));
  const b = Array.from({ length: n }, () => rng.normal());
  const apply = (x: Float64Array) => Float64Array.from(a, (row, i) => row.reduce((s, v, j) => s + v * x[j], 0) + b[i]);
  const map = { n, regenerate: apply, linearise: (x: Float64Array) => ({ f: apply(x), jvp: (v: Float64Array) => Float64Array.from(a, (row) => row.reduce((s, w, j) => s + w * v[j], 0)), dispose: () => {} }) };
  const want = fixedPoint(a, b);

  it('an affine map with the full Krylov space: the exact fixed point in a few steps, r2 = 1', () => {
    const { theta, report } = solveQuine(() => map, new Float32Array(n).fill(0.1), { projective: 0, beta: 0.5, newtonSteps: 5, krylov: n, continuation: 0, stageTolerance: 1e-2 });
    for (let i = 0; i < n; i++) expect(theta[i]).toBeCloseTo(want[i], 4);
    expect(report.r2).toBeGreaterThan(1 - 1e-9);
    expect(report.converged).toBe(true);
    // The first step is damped (μ = 1e-4), the next ones all but exact: quadratic convergence.
    expect(report.newtonSteps).toBeLessThanOrEqual(4);
    expect(report.r2Start).toBeLessThan(0.5);
  });

  it('projective steps change the start (‖θ‖ kept) and the solve still ends at the fixed point', () => {
    const start = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
    const { theta, report } = solveQuine(() => map, start, { projective: 3, beta: 0.1, newtonSteps: 5, krylov: n, continuation: 0, stageTolerance: 1e-2 });
    expect(report.r2Projective).not.toBe(report.r2Start);
    for (let i = 0; i < n; i++) expect(theta[i]).toBeCloseTo(want[i], 4);
  });

  it('continuation: solved on the map at t = 0, then followed along t = ⅓, ⅔, 1 to the fixed point of the map at t = 1', () => {
    const b0 = b.map((v) => -3 * v);
    const at = (t: number) => {
      const bt = b.map((v, i) => (1 - t) * b0[i] + t * v);
      const apply = (x: Float64Array) => Float64Array.from(a, (row, i) => row.reduce((s, v, j) => s + v * x[j], 0) + bt[i]);
      return { n, regenerate: apply, linearise: (x: Float64Array) => ({ f: apply(x), jvp: (v: Float64Array) => Float64Array.from(a, (row) => row.reduce((s, w, j) => s + w * v[j], 0)), dispose: () => {} }) };
    };
    const seen: number[] = [];
    const { theta, report } = solveQuine((t) => { seen.push(t); return at(t); }, new Float32Array(n).fill(0.1), { projective: 0, beta: 0.5, newtonSteps: 5, krylov: n, continuation: 3, stageTolerance: 1e-2 });
    expect(seen).toEqual([1, 0, 1 / 3, 2 / 3]);
    expect(report.stages.map((s) => s.t)).toEqual([0, 1 / 3, 2 / 3, 1]);
    // Intermediate stages only stay on the branch (‖F‖ ≤ 1e-2·‖θ‖); the last is solved to the end.
    for (const s of report.stages.slice(0, -1)) expect(s.r2).toBeGreaterThan(0.999);
    expect(report.stages.at(-1)!.r2).toBeGreaterThan(1 - 1e-9);
    for (let i = 0; i < n; i++) expect(theta[i]).toBeCloseTo(want[i], 4);
  });

  it('a map without a fixed point (θ ↦ θ + 1) is reported not converged, not as a quine', () => {
    const shift = (x: Float64Array) => x.map((v) => v + 1);
    const m = { n, regenerate: shift, linearise: (x: Float64Array) => ({ f: shift(x), jvp: (v: Float64Array) => Float64Array.from(v), dispose: () => {} }) };
    const { report } = solveQuine(() => m, new Float32Array(n).fill(1), { projective: 0, beta: 0.5, newtonSteps: 3, krylov: 4, continuation: 0, stageTolerance: 1e-2 });
    expect(report.converged).toBe(false);
    expect(report.r2).toBeLessThan(0.99);
  });
});

describe('founders: distinct ones and their mutated copies', () => {
  it('population 5 from 2 distinct founders: lane i copies founder i mod 2 plus σ-noise, a founder of its own with σ recorded', () => {
    const c = config({ founders: { distinct: 2 } });
    const { state, events } = initialState(c, SPEC, 1000);
    expect(state.ids).toEqual([0, 1, 2, 3, 4]);
    expect(state.ids.map((id) => state.lineage.get(id).parent)).toEqual([null, null, null, null, null]);
    expect(events.map((e) => (e.type === 'birth' ? e.sigma : -1))).toEqual([0, 0, 0.01, 0.01, 0.01]);
    expect(distinctFounders(state)).toBe(2);
    expect(state.foundersPending).toBe(false);
    for (const [copy, founder] of [[2, 0], [3, 1], [4, 0]]) {
      const d = state.thetas[copy].map((x, i) => x - state.thetas[founder][i]);
      const rms = Math.sqrt(d.reduce((s, x) => s + x * x, 0) / N);
      expect(rms).toBeGreaterThan(0.009);
      expect(rms).toBeLessThan(0.011);
    }
    // The founders themselves are the init stream's first two draws, as in a run without copies.
    const plain = initialState(config(), SPEC, 1000).state;
    expect(state.thetas[0]).toEqual(plain.thetas[0]);
    expect(state.thetas[1]).toEqual(plain.thetas[1]);
  });

  it('with founders to solve, the copies wait unmutated until mutateCopies (the first step, after the solve)', () => {
    const c = config({ founders: { distinct: 2, solve: 'newton' }, regeneration: { pairing: 'fixed' } });
    const { state } = initialState(c, SPEC, 1000);
    expect(state.foundersPending).toBe(true);
    expect(state.thetas[2]).toEqual(state.thetas[0]);
    state.thetas[0] = state.thetas[0].map((x) => 2 * x);
    mutateCopies(state, c, 2);
    expect(state.thetas[2][5]).not.toBe(state.thetas[0][5]);
    expect(Math.abs(state.thetas[2][5] - state.thetas[0][5])).toBeLessThan(0.06);
  });
});

describe('founders config: one clear line for each combination that cannot work', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ regeneration: { pairing: 'fixed', input: 'blank' } }, /^config\.regeneration\.pairing: "fixed" pairs coordinates with training images, so it needs regeneration\.input "train", got "blank"$/],
    [{ founders: { solve: 'newton' } }, /^config\.founders\.solve: "newton" solves a quine of the run's reproduction map, which needs regeneration\.pairing "fixed"$/],
    [{ founders: { distinct: 9 } }, /^config\.founders\.distinct: 9 distinct founders do not fit a population of 5$/],
    [{ regeneration: { pairing: 'sometimes' } }, /config\.regeneration\.pairing: .*"sometimes"/],
  ];
  for (const [input, message] of bad) {
    it(JSON.stringify(input), () => expect(() => config(input)).toThrow(message));
  }

  it('the presets pass the same checks', () => {
    for (const p of ['evo/genuine', 'evo/innate', 'evo/genuine-zero-transmission', 'evo/default']) expect(() => resolveEvolutionConfig(p)).not.toThrow();
  });
});

describe('founders from checkpoints: only quines of the run\'s own map', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quinarium-founders-'));
  const projections = (seed: number) => makeProjections(SPEC, N, new RandomStreams(seed).fixed('projection'));
  const theta = Float32Array.from({ length: N }, (_, i) => 0.01 * Math.sin(i));
  const fixed = { regeneration: { pairing: 'fixed' } };

  it('an evolution\'s own founders load back (a folder, or the run directory), in order', () => {
    const run = join(dir, 'run');
    const c = config({ ...fixed, seed: 3 });
    writeFounders(run, c, SPEC, projections(3), [theta, theta.map((x) => -x)], [null, null]);
    const loaded = loadFounders(config({ ...fixed, seed: 3, founders: { from: run } }), SPEC, projections(3));
    expect(loaded).toHaveLength(2);
    expect(loaded[1][7]).toBeCloseTo(-theta[7], 7);
    expect(loadFounders(config({ ...fixed, seed: 3, founders: { from: `${join(run, 'checkpoints', 'founders', '1')}, ${run}` } }), SPEC, projections(3))).toHaveLength(3);
  });

  it('another seed\'s quine is refused, naming the seed to pass', () => {
    const run = join(dir, 'seed3');
    writeFounders(run, config({ ...fixed, seed: 3 }), SPEC, projections(3), [theta], [null]);
    expect(() => loadFounders(config({ ...fixed, seed: 0, founders: { from: run } }), SPEC, projections(0))).toThrow(/^config\.founders\.from: .* was made with seed 3, whose projections and pairing are not this run's \(seed 0\): pass --seed 3/);
  });

  it('a paper run\'s checkpoint (L_SR on test images) is another map: refused unless solved again here', () => {
    const paper = join(dir, 'paper', '0');
    writeLaneCheckpoint(paper, SPEC, theta, projections(0), 0, {});
    expect(() => loadFounders(config({ ...fixed, founders: { from: paper } }), SPEC, projections(0))).toThrow(/is a quine of another map \(a paper run: L_SR on test images; this run: validation 10000, pairing fixed\).*--founders-solve newton/);
    expect(loadFounders(config({ ...fixed, founders: { from: paper, solve: 'newton' } }), SPEC, projections(0))).toHaveLength(1);
  });

  it('a folder with no checkpoint, and a path that is not there, are named', () => {
    expect(() => loadFounders(config({ founders: { from: '/nonexistent/founders' } }), SPEC, projections(0))).toThrow(/^config\.founders\.from: "\/nonexistent\/founders" does not exist$/);
    expect(() => loadFounders(config({ founders: { from: mkdtempSync(join(tmpdir(), 'quinarium-empty-')) } }), SPEC, projections(0))).toThrow(/holds no quine checkpoint/);
  });
});
