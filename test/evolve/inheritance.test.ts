import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/engine/config/validate';
import { evolutionConfigSchema, type EvolutionConfig } from '../../src/engine/evolve/evolutionConfig';
import { initialState, type EvolutionState } from '../../src/engine/evolve/evolutionState';
import { childSources, tellLearning, tellRegenerated, type GenerationContext } from '../../src/engine/evolve/generation';
import type { LearnEvaluateResult } from '../../src/engine/evolve/compute/laneJobs';
import { paramLayout } from '../../src/engine/models/layout';
import { seededStream } from '../../src/engine/random/streams';

// Germline vs lamarckian inheritance and the transmission controls, through the real
// ask/tell functions with synthetic "learned" weights and predictions in place of the
// compute jobs (which need no tfjs here): every child can then be checked against an
// independent computation.

const N = paramLayout('auxiliary').count;
const K = 6;
const context: GenerationContext = { n: N, trainCount: 1000, coordinates: [0, 1, 2, 3] };

function config(extra: Record<string, unknown> = {}): EvolutionConfig {
  return validateConfig(evolutionConfigSchema, { population: K, generations: 5, mutation: { sigma: 0 }, selection: { elites: 2 }, ...extra }, 'config');
}

/** Generation 0 of a run with this config: K He founders, a 1,000-image training split. */
const start = (c: EvolutionConfig): EvolutionState => initialState(c, { kind: 'auxiliary', init: 'he', encoding: 'one-hot', embedActivation: 'none' }, 1000).state;

const metricsOf = (accuracy: number) => ({ lsr: 10, rmsMargin: 0, meanAbsMargin: 0, srq: 1, corr: 0, meanAbsTheta: 0.1, r2: 0, r2W1: 0, r2W2: 0, r2Wout: 0, srqFree: 0, bits: 0, gain: 1, rmsTheta: 0.1, accuracy });

/** Lifetime learning as a known map: learned = genome + 1 everywhere; accuracy rises with the lane so selection is predictable. */
function learn(state: EvolutionState): LearnEvaluateResult[] {
  return state.thetas.map((genome, lane) => ({
    theta: Float32Array.from(genome, (v) => v + 1),
    metrics: metricsOf(0.1 + 0.1 * lane),
    predictions: new Float32Array(N),
    innateAccuracy: 0.05 + 0.01 * lane,
  }));
}

/** A known "prediction of its own weights" for a parent: 0.5·θ + a fixed pattern (so r2 is neither 0 nor 1). */
function predict(theta: Float32Array): Float32Array {
  return Float32Array.from(theta, (v, i) => 0.5 * v + 0.01 * Math.sin(i));
}

/** r2 and corr of x against y, computed here in float64 without the engine's code. */
function r2(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  let sse = 0, sst = 0;
  for (let i = 0; i < y.length; i++) { sse += (x[i] - y[i]) ** 2; sst += (y[i] - m) ** 2; }
  return 1 - sse / sst;
}
function corr(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i] / n; my += y[i] / n; }
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}
const norm = (x: ArrayLike<number>) => Math.sqrt(Array.from(x).reduce((a, v) => a + v * v, 0));

/** One generation: learning results, selection, regeneration by `predict`, births. */
function generation(state: EvolutionState, c: EvolutionConfig) {
  const genomesBefore = new Map(state.ids.map((id, l) => [id, Float32Array.from(state.thetas[l])]));
  const learned = tellLearning(state, c, learn(state), context);
  const regenerated = learned.regenerate.map((job) => predict(job.theta));
  const out = tellRegenerated(state, c, learned, regenerated);
  return { learned, out, genomesBefore };
}

describe('inheritance', () => {
  it('germline: children come from the untrained genome, elites carry their genome unchanged', () => {
    const c = config({ inheritance: 'germline' });
    const state = start(c);
    const { learned, out, genomesBefore } = generation(state, c);
    const r = learned.reproduction!;
    expect(r.sourceOf).toEqual(r.selection.parents);
    // Elites first, then children in parent order: each child is its parent's genome through `predict`, bit for bit (σ = 0).
    r.selection.elites.forEach((id, i) => expect(state.thetas[i]).toEqual(genomesBefore.get(id)));
    r.selection.parents.forEach((p, i) => expect(state.thetas[r.selection.elites.length + i]).toEqual(predict(genomesBefore.get(p)!)));
    expect(out.births.length).toBe(K - 2);
  });

  it('lamarckian: children come from the learned weights, elites carry what they learned', () => {
    const c = config();
    const state = start(c);
    const { learned, genomesBefore } = generation(state, c);
    const r = learned.reproduction!;
    const learnedOf = (id: number) => Float32Array.from(genomesBefore.get(id)!, (v) => v + 1);
    r.selection.elites.forEach((id, i) => expect(state.thetas[i]).toEqual(learnedOf(id)));
    r.selection.parents.forEach((p, i) => expect(state.thetas[r.selection.elites.length + i]).toEqual(predict(learnedOf(p))));
  });

  it("records each child's transmission r2 and corr against its parent's genome, and its innate accuracy, where the next generation measures it", () => {
    const c = config({ inheritance: 'germline' });
    const state = start(c);
    const { learned, out, genomesBefore } = generation(state, c);
    const r = learned.reproduction!;
    out.births.forEach((id, i) => {
      const parent = genomesBefore.get(r.selection.parents[i])!;
      const child = predict(parent);
      const [tr2, tcorr] = state.transmission.get(id)!;
      expect(tr2).toBeCloseTo(r2(child, parent), 6);
      expect(tcorr).toBeCloseTo(corr(child, parent), 6);
      // A child of 0.5·θ + small pattern: r2 well below 1, corr near 1.
      expect(tr2).toBeLessThan(0.9);
      expect(tcorr).toBeGreaterThan(0.99);
    });
    // Generation 1 measures the newborns: their transmission reaches the lineage and the row.
    const next = tellLearning(state, c, learn(state), context);
    const births = out.births.map((id) => state.lineage.get(id).metrics!);
    expect(births.every((m) => Number.isFinite(m.transmissionR2) && Number.isFinite(m.innateAccuracy))).toBe(true);
    const mean = out.births.reduce((a, id) => a + state.transmission.get(id)![0], 0) / out.births.length;
    expect(next.row.meanTransmissionR2).toBeCloseTo(mean, 12);
    // Founders have no parent: their transmission is unmeasured.
    expect(Number.isNaN(state.lineage.get(r.selection.elites[0]).metrics!.transmissionR2)).toBe(true);
    expect(next.row.meanInnateAccuracy).toBeCloseTo(0.05 + 0.01 * (K - 1) / 2, 12);
    // At birth: the newborns only, lanes 2..K−1 after the 2 elites (innate accuracy 0.05 + 0.01·lane).
    expect(next.row.meanBirthAccuracy).toBeCloseTo(0.05 + 0.01 * (2 + K - 1) / 2, 12);
  });

  it('selects on innate accuracy when asked: the lane with the best innate accuracy wins, whatever was learned', () => {
    // Innate accuracy rises with the lane as learned accuracy does; reverse the learned one so the two disagree.
    const c = config({ inheritance: 'germline', selection: { accuracy: 'innate', method: 'truncation', elites: 1, replicationWeight: 0 } });
    const state = start(c);
    const results = learn(state).map((x, l) => ({ ...x, metrics: metricsOf(0.9 - 0.1 * l) }));
    const learned = tellLearning(state, c, results, context);
    expect(learned.reproduction!.selection.elites).toEqual([state.ids[K - 1]]);
  });
});

describe('transmission controls', () => {
  it('zero-transmission: each child is noise with the norm of its parent\'s prediction, uncorrelated with the parent', () => {
    const c = config({ regeneration: { control: 'zero-transmission' } });
    const state = start(c);
    const { learned, out, genomesBefore } = generation(state, c);
    const r = learned.reproduction!;
    out.births.forEach((id, i) => {
      const f = predict(Float32Array.from(genomesBefore.get(r.selection.parents[i])!, (v) => v + 1));
      const child = state.thetas[r.selection.elites.length + i];
      expect(norm(child) / norm(f)).toBeCloseTo(1, 5);
      // Independent noise: |corr| of 21,100 coordinates below 5/√N.
      expect(Math.abs(state.transmission.get(id)![1])).toBeLessThan(5 / Math.sqrt(N));
    });
  });

  it('cross-parent draws a source other than the parent; shuffled-parents permutes the selected parents; none keeps them', () => {
    const parents = [3, 3, 5, 7, 7, 7, 9];
    const living = [1, 3, 5, 7, 9];
    const cross = childSources(parents, living, 'cross-parent', seededStream('t'));
    cross.forEach((s, i) => { expect(s).not.toBe(parents[i]); expect(living).toContain(s); });
    const shuffled = childSources(parents, living, 'shuffled-parents', seededStream('t'));
    expect([...shuffled].sort()).toEqual([...parents].sort());
    expect(shuffled).not.toEqual(parents);
    expect(childSources(parents, living, 'none', seededStream('t'))).toEqual(parents);
    expect(childSources(parents, living, 'zero-transmission', seededStream('t'))).toEqual(parents);
  });

  it('cross-parent regenerates the child from its source, while the lineage records the selected parent', () => {
    const c = config({ regeneration: { control: 'cross-parent' } });
    const state = start(c);
    const { learned, out, genomesBefore } = generation(state, c);
    const r = learned.reproduction!;
    out.births.forEach((id, i) => {
      expect(state.lineage.get(id).parent).toBe(r.selection.parents[i]);
      expect(r.sourceOf[i]).not.toBe(r.selection.parents[i]);
      const source = Float32Array.from(genomesBefore.get(r.sourceOf[i])!, (v) => v + 1);
      expect(state.thetas[r.selection.elites.length + i]).toEqual(predict(source));
    });
  });

  it('a damped projective reproduction keeps the parent norm: child = ‖θ‖·g/‖g‖ with g = (1 − β)θ + βf', () => {
    const c = config({ inheritance: 'germline', regeneration: { normalise: 'global', beta: 0.25 } });
    const state = start(c);
    const { learned, genomesBefore } = generation(state, c);
    const r = learned.reproduction!;
    r.selection.parents.forEach((p, i) => {
      const theta = genomesBefore.get(p)!;
      const f = predict(theta);
      const g = Array.from(theta, (v, j) => 0.75 * v + 0.25 * f[j]);
      const k = norm(theta) / norm(g);
      const child = state.thetas[r.selection.elites.length + i];
      expect(norm(child) / norm(theta)).toBeCloseTo(1, 5);
      for (const j of [0, 1, 777, N - 1]) expect(child[j]).toBeCloseTo(k * g[j], 6);
    });
  });

  it('rejects a damping outside (0, 1] and an unknown control with one line naming the field', () => {
    expect(() => config({ regeneration: { beta: 0 } })).toThrow(/regeneration\.beta/);
    expect(() => config({ regeneration: { beta: 1.5 } })).toThrow(/regeneration\.beta/);
    expect(() => config({ regeneration: { control: 'swap' } })).toThrow(/regeneration\.control/);
    expect(() => config({ inheritance: 'weismann' })).toThrow(/inheritance/);
  });
});

describe('ageing elites', () => {
  it('maxAge 2: founders kept as elites into generation 1, not into generation 2; their slots go to children', () => {
    const c = config({ selection: { elites: 2, maxAge: 2 } });
    const state = start(c);
    const founders = new Set(state.ids);
    const first = generation(state, c);
    expect(first.learned.reproduction!.selection.elites.length).toBe(2);
    expect(first.learned.reproduction!.selection.elites.every((id) => founders.has(id))).toBe(true);
    // Generation 1: the founder elites would live a third generation; children born at 1 may stay.
    const second = generation(state, c);
    const sel = second.learned.reproduction!.selection;
    expect(sel.elites.some((id) => founders.has(id))).toBe(false);
    expect(sel.elites.length + sel.parents.length).toBe(K);
    expect(state.ids.filter((id) => founders.has(id))).toEqual([]);
  });

  it('maxAge 1 is purely generational: nobody survives a generation', () => {
    const c = config({ selection: { elites: 2, maxAge: 1 } });
    const state = start(c);
    const before = new Set(state.ids);
    const { learned, out } = generation(state, c);
    expect(learned.reproduction!.selection.elites).toEqual([]);
    expect(out.births.length).toBe(K);
    expect(state.ids.some((id) => before.has(id))).toBe(false);
  });
});

describe('replication loss seen by selection', () => {
  it('one-minus-r2: selection on replication alone keeps the highest r2, whatever L_SR says', () => {
    const c = config({ selection: { method: 'truncation', elites: 1, accuracyWeight: 0, replicationWeight: 1, replication: 'one-minus-r2' } });
    const state = start(c);
    // Lane 0: tiny L_SR with r2 0 (a zero quine); lane 3: large L_SR with r2 0.9.
    const results = learn(state).map((x, l) => ({ ...x, metrics: { ...metricsOf(0.5), lsr: l === 0 ? 1e-6 : 100, r2: l === 3 ? 0.9 : 0 } }));
    expect(tellLearning(state, c, results, context).reproduction!.selection.elites).toEqual([state.ids[3]]);
    const paper = config({ selection: { method: 'truncation', elites: 1, accuracyWeight: 0, replicationWeight: 1 } });
    const s2 = start(paper);
    expect(tellLearning(s2, paper, results, context).reproduction!.selection.elites).toEqual([s2.ids[0]]);
  });
});

describe('Price equation per generation', () => {
  it("splits the change in mean learned accuracy into selection and transmission that sum to it; none in generation 0", () => {
    const c = config();
    const state = start(c);
    const first = generation(state, c);
    expect(first.learned.row.priceSelection).toBeNull();
    // Generation 1: accuracy 0.1 + 0.1·lane again, but lanes now hold elites then children.
    const next = tellLearning(state, c, learn(state), context);
    const { priceSelection: s, priceTransmission: t } = next.row;
    expect(s! + t!).toBeCloseTo(next.row.meanAccuracy - first.learned.row.meanAccuracy, 12);
    // Selection favoured the accurate lanes (truncation-like tournament on accuracy): S > 0.
    expect(s!).toBeGreaterThan(0);
  });
});
