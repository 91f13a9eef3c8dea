import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/engine/config/validate';
import type { LearnEvaluateResult } from '../../src/engine/evolve/compute/laneJobs';
import { evolutionConfigSchema, type EvolutionConfig } from '../../src/engine/evolve/evolutionConfig';
import { initialState, type EvolutionState } from '../../src/engine/evolve/evolutionState';
import { tellLearning, tellRegenerated, type GenerationContext } from '../../src/engine/evolve/generation';
import { paramLayout } from '../../src/engine/models/layout';

// NSGA-II (μ+λ) through the real ask/tell of a generation, with synthetic measurements
// (as in inheritance.test.ts): μ = ⌈K/2⌉ survive whatever selection.elites says, the
// population size holds, and selection.maxAge turns expiring survivors into children.

const N = paramLayout('auxiliary').count;
const K = 6;
const context: GenerationContext = { n: N, trainCount: 1000, coordinates: [0, 1, 2, 3] };
const config = (selection: Record<string, unknown>): EvolutionConfig =>
  validateConfig(evolutionConfigSchema, { population: K, generations: 5, mutation: { sigma: 0 }, selection: { method: 'nsga2-mu-plus-lambda', elites: 1, ...selection } }, 'config');
const start = (c: EvolutionConfig): EvolutionState => initialState(c, { kind: 'auxiliary', init: 'he', encoding: 'one-hot', embedActivation: 'none' }, 1000).state;

/** Synthetic measurements: accuracy rises with the lane, L_SR as given per lane. */
function measured(state: EvolutionState, lsr: (lane: number) => number): LearnEvaluateResult[] {
  return state.thetas.map((theta, lane) => ({
    theta,
    metrics: { lsr: lsr(lane), rmsMargin: 0, meanAbsMargin: 0, srq: 1, corr: 0, meanAbsTheta: 0.1, r2: 0, r2W1: 0, r2W2: 0, r2Wout: 0, srqFree: 0, bits: 0, gain: 1, rmsTheta: 0.1, accuracy: 0.1 + 0.1 * lane },
    predictions: new Float32Array(N),
    innateAccuracy: 0.1,
  }));
}

function step(state: EvolutionState, c: EvolutionConfig, lsr: (lane: number) => number) {
  const learned = tellLearning(state, c, measured(state, lsr), context);
  const out = tellRegenerated(state, c, learned, learned.regenerate.map((j) => j.theta));
  return { selection: learned.reproduction!.selection, out };
}

describe('nsga2-mu-plus-lambda in a generation', () => {
  it('keeps the front of the measured pool (μ = 3 of 6), not selection.elites', () => {
    const c = config({});
    const state = start(c);
    const ids = [...state.ids];
    // L_SR = lane: accuracy and L_SR rise together, so every lane is on the front (6 > μ):
    // crowding keeps both extremes (lanes 0 and 5) and one interior lane.
    const { selection, out } = step(state, c, (lane) => lane);
    expect(selection.elites).toHaveLength(3);
    expect(selection.elites.slice(0, 2)).toEqual([ids[0], ids[5]]);
    expect(out.births).toHaveLength(3);
    expect(state.ids).toEqual([...selection.elites, ...out.births]);
  });

  it('with maxAge 1 nobody survives, and the μ chosen still parent every child', () => {
    const c = config({ maxAge: 1 });
    const state = start(c);
    const ids = [...state.ids];
    // L_SR constant: accuracy alone orders a chain of fronts; the μ chosen are lanes 5, 4, 3.
    const { selection, out } = step(state, c, () => 10);
    expect(selection.elites).toEqual([]);
    expect(out.births).toHaveLength(K);
    for (const p of selection.parents) expect([ids[5], ids[4], ids[3]]).toContain(p);
    expect(out.deaths.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it('with maxAge 2 the founders expire after one more generation, their children survive', () => {
    const c = config({ maxAge: 2 });
    const state = start(c);
    step(state, c, () => 10); // generation 0: 3 founders survive (age 1 at generation 1)
    expect(state.ids).toHaveLength(K);
    // Generation 1: founders would be 2 generations old at 2 — they cannot survive; children (born 1) can.
    const { selection } = step(state, c, (lane) => 10 - lane);
    for (const id of selection.elites) expect(state.lineage.get(id).generation).toBe(1);
    expect(state.ids).toHaveLength(K);
  });
});
