/** Plain records of an evolution run: what logs hold, events carry and the app draws. */

import type { Individual } from './lineage/lineage';

/** One individual as the lineage view and inspector see it. */
export interface IndividualRow {
  id: number;
  parent: number | null;
  /** Generation of birth (ALife origin_time). */
  born: number;
  /** Generation of death (ALife destruction_time); null while alive. */
  died: number | null;
  accuracy: number | null;
  lsr: number | null;
  srq: number | null;
  corr: number | null;
  meanAbsTheta: number | null;
  sigma: number;
}

/** Per-generation population statistics (one line of generations.jsonl). */
export interface GenerationRow {
  generation: number;
  population: number;
  bestAccuracy: number;
  meanAccuracy: number;
  medianAccuracy: number;
  bestLsr: number;
  meanLsr: number;
  medianLsr: number;
  meanSrq: number;
  /** Triviality check: mean corr(f, θ) and mean |θ| (low L_SR with corr ≈ 0 and shrinking |θ| is the zero quine). */
  meanCorr: number;
  meanAbsTheta: number;
  diversity: number | null;
  heritability: number | null;
  survivingRoots: number;
  mrcaDepth: number | null;
  /** (accuracy, lsr) of the current population's first Pareto front. */
  front: [number, number][];
  seconds: number;
}

/** An individual of the lineage as a record (unmeasured or non-finite metrics become null). */
export function individualRow(ind: Individual): IndividualRow {
  const m = ind.metrics;
  const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
  return {
    id: ind.id, parent: ind.parent, born: ind.generation, died: ind.death, sigma: ind.sigma,
    accuracy: num(m?.accuracy), lsr: num(m?.lsr), srq: num(m?.srq), corr: num(m?.corr), meanAbsTheta: num(m?.meanAbsTheta),
  };
}
