import type { EvolutionMeasurement, GenerationRow } from './records';
import { nondominatedSort } from './selection/nsga2';
import { objectivePoint } from './selection/pareto';
import type { Lineage } from './lineage/lineage';
import type { Stream } from '../random/streams';
import { heritabilityEstimate } from './lineage/heritabilityTest';
import type { PriceSplit } from './lineage/priceEquation';
import { livingPhylogeny } from './lineage/livingPhylogeny';
import { diversity, survivingRootLineages } from './lineage/statistics';

function median(v: number[]): number {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
/** The median with a diverged individual's NaN counted as the lowest value, not left out (so a half-diverged population cannot show a high median). */
function medianCountingDiverged(v: number[]): number {
  const s = v.map((x) => (Number.isNaN(x) ? -Infinity : x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const mean = (v: number[]) => { const f = v.filter(Number.isFinite); return f.length ? f.reduce((a, b) => a + b, 0) / f.length : NaN; };

/** Whether an individual's measurement is usable: its L_SR and accuracy both finite (a diverged θ gives NaN or ±∞). */
export function isFiniteMeasurement(m: Pick<EvolutionMeasurement, 'metrics'>): boolean {
  return Number.isFinite(m.metrics.lsr) && Number.isFinite(m.metrics.accuracy ?? NaN);
}

/**
 * The best individual of a measured population: highest validation accuracy, the
 * first in lane order on a tie, among the finite ones only; null when every one has
 * diverged. (Sorting by accuracy with NaNs in the list picked a "best" among NaNs.)
 */
export function bestIndividual<M extends Pick<EvolutionMeasurement, 'metrics'>>(population: readonly M[]): M | null {
  let best: M | null = null;
  for (const m of population) {
    if (isFiniteMeasurement(m) && (best === null || m.metrics.accuracy! > best.metrics.accuracy!)) best = m;
  }
  return best;
}

/** Population statistics of one generation (one line of generations.jsonl). */
export function generationStats(
  generation: number,
  population: EvolutionMeasurement[],
  lineage: Lineage,
  /**
   * Each living child's parent's learned and innate accuracy when it reproduced, and the
   * transmission [r2, corr] of the children born this generation, and the Price split of
   * the change in mean accuracy since the previous generation (null in generation 0).
   */
  inheritance: { parentAccuracy: Map<number, number>; parentInnate: Map<number, number>; newborn: { id: number; transmission: [number, number] }[]; price: PriceSplit | null },
  coordinates: number[],
  seconds: number,
  /** This generation's own stream for the heritability resamples. */
  rng: Stream,
): GenerationRow {
  const acc = population.map((p) => p.metrics.accuracy ?? NaN);
  const lsr = population.map((p) => p.metrics.lsr);
  const ids = population.map((p) => p.id);
  const { parentAccuracy, parentInnate, newborn } = inheritance;
  const pairs = population.flatMap((p) => parentAccuracy.has(p.id) ? [{ parent: parentAccuracy.get(p.id)!, child: p.metrics.accuracy ?? NaN }] : []);
  const h = heritabilityEstimate(pairs, rng);
  // Drawn after the learned accuracy's resamples, from the same per-generation stream, so adding it changed no earlier number.
  const innatePairs = population.flatMap((p) => parentInnate.has(p.id) ? [{ parent: parentInnate.get(p.id)!, child: p.innateAccuracy }] : []);
  const hi = heritabilityEstimate(innatePairs, rng);
  const innate = population.map((p) => p.innateAccuracy);
  const born = new Set(newborn.map((b) => b.id));
  const atBirth = population.filter((p) => born.has(p.id)).map((p) => p.innateAccuracy);
  const points = population.map((p) => objectivePoint({ id: p.id, accuracy: p.metrics.accuracy ?? NaN, lsr: p.metrics.lsr }));
  const first = nondominatedSort(points)[0] ?? [];
  const phylogeny = livingPhylogeny(lineage, ids);
  const front = first.filter((i) => Number.isFinite(points[i].a)).map((i): [number, number] => [points[i].a, points[i].l]).sort((a, b) => a[0] - b[0]);
  return {
    generation,
    population: population.length,
    nonFinite: population.filter((p) => !isFiniteMeasurement(p)).length,
    bestAccuracy: Math.max(...acc.filter(Number.isFinite)),
    meanAccuracy: mean(acc),
    medianAccuracy: median(acc),
    bestLsr: Math.min(...lsr.filter(Number.isFinite)),
    meanLsr: mean(lsr),
    medianLsr: median(lsr),
    meanSrq: mean(population.map((p) => p.metrics.srq)),
    meanCorr: mean(population.map((p) => p.metrics.corr)),
    meanAbsTheta: mean(population.map((p) => p.metrics.meanAbsTheta)),
    bestR2: Math.max(...population.map((p) => p.metrics.r2).filter(Number.isFinite)),
    meanR2: mean(population.map((p) => p.metrics.r2)),
    medianR2: medianCountingDiverged(population.map((p) => p.metrics.r2)),
    meanRmsTheta: mean(population.map((p) => p.metrics.rmsTheta)),
    diversity: diversity(population.map((p) => p.theta), coordinates),
    heritability: h?.slope ?? null,
    heritabilityLow: h && Number.isFinite(h.low) ? h.low : null,
    heritabilityHigh: h && Number.isFinite(h.high) ? h.high : null,
    heritabilityP: h?.p ?? null,
    bestInnateAccuracy: Math.max(...innate.filter(Number.isFinite)),
    meanInnateAccuracy: mean(innate),
    innateHeritability: hi?.slope ?? null,
    innateHeritabilityLow: hi && Number.isFinite(hi.low) ? hi.low : null,
    innateHeritabilityHigh: hi && Number.isFinite(hi.high) ? hi.high : null,
    innateHeritabilityP: hi?.p ?? null,
    meanBirthAccuracy: atBirth.length ? mean(atBirth) : null,
    meanTransmissionR2: newborn.length ? mean(newborn.map((b) => b.transmission[0])) : null,
    meanTransmissionCorr: newborn.length ? mean(newborn.map((b) => b.transmission[1])) : null,
    priceSelection: inheritance.price?.selection ?? null,
    priceTransmission: inheritance.price?.transmission ?? null,
    survivingRoots: survivingRootLineages(lineage, ids),
    mrcaDepth: phylogeny.mrcaDepth,
    phylogeneticDiversity: phylogeny.phylogeneticDiversity,
    meanPairwiseDistance: phylogeny.meanPairwiseDistance,
    sackin: phylogeny.sackin,
    colless: phylogeny.colless,
    cladeShannon: phylogeny.cladeShannon,
    front,
    seconds,
  };
}
