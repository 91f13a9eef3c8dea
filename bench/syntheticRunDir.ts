/**
 * A stored evolution run of any length, made in seconds instead of hours, in the real
 * file formats and through the engine's own writers: RunDirectory (manifest.json and
 * config.json as an evolution session writes them), lineage.csv by LineageCsvFile,
 * generations.jsonl by JsonlLog, abundance.csv by AbundanceLog, summary.json marking it
 * complete. Only the numbers are made up: no network learns, so each individual's
 * metrics come from a heritable latent score (a child's is its parent's plus seeded
 * noise), selection is evo/default's tournament on accuracy − 0.1·log10 L_SR with its
 * elites, and most lines of descent die out as in a real run. The app's run browser
 * lists it and `openRun` opens it like any other run (issue 12: a 10,000-generation run
 * of 32 is 320,012 lineage rows).
 *
 * config.json and summary.json say `synthetic`, so nobody mistakes it for a measured run.
 */
import { statSync } from 'node:fs';
import { RunDirectory } from '../src/engine/store/runDirectory';
import { JsonlLog } from '../src/engine/store/jsonlLog';
import { RandomStreams } from '../src/engine/random/streams';
import { resolveEvolutionConfig } from '../src/engine/evolve/evolutionSession';
import { Lineage, type LineageMetrics } from '../src/engine/evolve/lineage/lineage';
import { LineageCsvFile } from '../src/engine/evolve/lineage/lineageCsvFile';
import { AbundanceLog } from '../src/engine/evolve/lineage/abundanceLog';
import { cladeSizes, livingPhylogeny } from '../src/engine/evolve/lineage/livingPhylogeny';
import { heritability, survivingRootLineages } from '../src/engine/evolve/lineage/statistics';
import { nondominatedSort } from '../src/engine/evolve/selection/nsga2';
import { objectivePoint } from '../src/engine/evolve/selection/pareto';
import type { GenerationRow } from '../src/protocol/records';

export interface SyntheticRunOptions {
  /** Base folder the run directory is made in (the runs folder `serve --out` is given). */
  outDir: string;
  /** Generations G (the last one does not reproduce, as in a real run). */
  generations: number;
  /** Living individuals K in every generation (evo/default's population). */
  population?: number;
  seed?: number;
  /** The run's creation time (its directory name and manifest); now by default. */
  now?: Date;
}

export interface SyntheticRun {
  dir: string;
  /** Lineage rows: K founders and K − elites children in each of the G − 1 generations that reproduce. */
  individuals: number;
  generations: number;
  population: number;
  /** lineage.csv's size in bytes. */
  lineageBytes: number;
}

/** Only this module writes these runs; the preset is the one whose config they carry. */
const PRESET = 'evo/default';
/** Weights of the auxiliary quine (the N in SRQ = ln(N / L_SR)). */
const PARAMETERS = 21_100;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * What an individual of latent score `s` measures: accuracy rises from chance toward 0.8
 * and L_SR falls from 10⁵ toward 10 as s grows, both saturating (so long runs stay in a real
 * run's ranges and selection weakens at the top); the metrics keep the relations the
 * app's colour scales and verdict read (SRQ = ln(N / L_SR), r2 from L_SR, bits from r2).
 */
function metricsOf(s: number, innate: number, transmissionR2: number): LineageMetrics {
  const t = Math.tanh(s / 4);
  const accuracy = 0.1 + 0.35 * (1 + t);
  const lsr = 10 ** (3 - 2 * t);
  const spread = PARAMETERS * 0.06 ** 2 * 50;
  const r2 = 1 - lsr / Math.max(lsr, spread);
  return {
    accuracy: Math.round(accuracy * 100) / 100, lsr, srq: Math.log(PARAMETERS / lsr), corr: t, meanAbsTheta: 0.05, r2,
    srqFree: Math.log(spread / lsr), bits: Math.max(0, (PARAMETERS / 2) * Math.log2(1 / Math.max(1e-12, 1 - r2))), gain: 1, rmsTheta: 0.06,
    innateAccuracy: Math.round(clamp(innate, 0, 0.99) * 100) / 100, transmissionR2, transmissionCorr: Math.sqrt(Math.max(0, transmissionR2)),
  };
}

/** The selection score of evo/default: accuracy − 0.1·log10 L_SR. */
const fitness = (m: LineageMetrics) => m.accuracy - 0.1 * Math.log10(m.lsr);

/** One line of generations.jsonl for the living of generation g. */
function generationRow(g: number, lineage: Lineage, living: readonly number[], newborn: readonly number[]): GenerationRow {
  const ms = living.map((id) => lineage.get(id).metrics!);
  const acc = ms.map((m) => m.accuracy), lsr = ms.map((m) => m.lsr), r2 = ms.map((m) => m.r2), innate = ms.map((m) => m.innateAccuracy);
  const phylogeny = livingPhylogeny(lineage, living);
  const points = living.map((id, i) => objectivePoint({ id, accuracy: acc[i], lsr: lsr[i] }));
  const front = (nondominatedSort(points)[0] ?? []).map((i): [number, number] => [points[i].a, points[i].l]).sort((a, b) => a[0] - b[0]);
  const pairs = newborn.map((id) => ({ parent: lineage.get(lineage.get(id).parent!).metrics!.accuracy, child: lineage.get(id).metrics!.accuracy }));
  const births = newborn.map((id) => lineage.get(id).metrics!);
  return {
    generation: g, population: living.length, nonFinite: 0,
    bestAccuracy: Math.max(...acc), meanAccuracy: mean(acc), medianAccuracy: median(acc),
    bestLsr: Math.min(...lsr), meanLsr: mean(lsr), medianLsr: median(lsr),
    meanSrq: mean(ms.map((m) => m.srq)), meanCorr: mean(ms.map((m) => m.corr)), meanAbsTheta: mean(ms.map((m) => m.meanAbsTheta)),
    bestR2: Math.max(...r2), meanR2: mean(r2), medianR2: median(r2), meanRmsTheta: mean(ms.map((m) => m.rmsTheta)),
    diversity: null,
    heritability: pairs.length >= 3 ? heritability(pairs) : null, heritabilityLow: null, heritabilityHigh: null, heritabilityP: null,
    bestInnateAccuracy: Math.max(...innate), meanInnateAccuracy: mean(innate),
    innateHeritability: null, innateHeritabilityLow: null, innateHeritabilityHigh: null, innateHeritabilityP: null,
    meanBirthAccuracy: births.length ? mean(births.map((m) => m.innateAccuracy)) : null,
    meanTransmissionR2: births.length ? mean(births.map((m) => m.transmissionR2)) : null,
    meanTransmissionCorr: births.length ? mean(births.map((m) => m.transmissionCorr)) : null,
    priceSelection: null, priceTransmission: null,
    survivingRoots: survivingRootLineages(lineage, living),
    mrcaDepth: phylogeny.mrcaDepth,
    phylogeneticDiversity: phylogeny.phylogeneticDiversity, meanPairwiseDistance: phylogeny.meanPairwiseDistance,
    sackin: phylogeny.sackin, colless: phylogeny.colless, cladeShannon: phylogeny.cladeShannon,
    front,
  };
}

/**
 * Writes a complete evolution run of `generations` × `population` into a new directory
 * under `outDir` and returns where. Deterministic for a seed (the directory name aside).
 */
export function writeSyntheticRun(o: SyntheticRunOptions): SyntheticRun {
  const population = o.population ?? 32;
  const seed = o.seed ?? 0;
  if (!(Number.isInteger(o.generations) && o.generations >= 1)) throw new RangeError(`writeSyntheticRun: generations must be an integer ≥ 1, got ${o.generations}`);
  const config = resolveEvolutionConfig(PRESET, { population, generations: o.generations, seed });
  const { elites, tournamentSize } = config.selection;
  if (elites >= population) throw new RangeError(`writeSyntheticRun: population ${population} must exceed evo/default's ${elites} elites`);
  const now = o.now ?? new Date();
  const synthetic = { by: 'bench/syntheticRunDir.ts', note: 'genealogy and metrics drawn from seeded streams; no network was trained' };
  const run = RunDirectory.create(o.outDir, 'evolution', PRESET, { kind: 'evolution', preset: PRESET, config, dataDir: null, backend: 'synthetic', versions: {}, created: now.toISOString(), synthetic }, now);

  const streams = new RandomStreams(seed);
  const init = streams.stateful('init'), selection = streams.stateful('selection'), mutation = streams.stateful('mutation');
  const lineage = new Lineage();
  const score = new Map<number, number>();
  let nextId = 0;
  const bear = (parent: number | null, generation: number): number => {
    const id = nextId++;
    // Founders start near chance accuracy and a high L_SR, as untrained networks do.
    const inherited = parent === null ? -6 + 0.5 * init.normal() : score.get(parent)!;
    // Mutation pulls the score back toward the founders' (most mutations harm): selection
    // holds it a few units up, so the metrics stay in a real run's ranges however long it runs.
    const s = parent === null ? inherited : 0.98 * inherited + 0.08 * mutation.normal();
    score.set(id, s);
    lineage.birth({ id, parent, generation, sigma: parent === null ? 0 : config.mutation.sigma });
    const innate = parent === null ? 0.1 : lineage.get(parent).metrics!.innateAccuracy + 0.01 * mutation.normal();
    lineage.record(id, metricsOf(s, innate, parent === null ? NaN : clamp(1 - 0.05 * Math.abs(s - inherited), -1, 1)));
    return id;
  };

  const generationsLog = new JsonlLog(run.path('generations'));
  let living = Array.from({ length: population }, () => bear(null, 0));
  const abundance = new AbundanceLog(run.path('abundance'), 0, lineage);
  let newborn: number[] = [];
  let final: GenerationRow | null = null;
  try {
    for (let g = 0; g < o.generations; g++) {
      abundance.append(g, cladeSizes(lineage, living));
      final = generationRow(g, lineage, living, newborn);
      generationsLog.append(final);
      if (g === o.generations - 1) break; // the last generation does not reproduce
      const f = new Map(living.map((id) => [id, fitness(lineage.get(id).metrics!)]));
      const kept = [...living].sort((a, b) => f.get(b)! - f.get(a)! || a - b).slice(0, elites);
      newborn = [];
      while (kept.length + newborn.length < population) {
        let winner = living[selection.int(living.length)];
        for (let t = 1; t < tournamentSize; t++) {
          const rival = living[selection.int(living.length)];
          if (f.get(rival)! > f.get(winner)!) winner = rival;
        }
        newborn.push(bear(winner, g + 1));
      }
      const survivors = new Set(kept);
      for (const id of living) if (!survivors.has(id)) lineage.death(id, g + 1);
      living = [...kept, ...newborn];
    }
  } finally {
    generationsLog.close();
    abundance.close();
  }
  LineageCsvFile.rewrite(run.path('lineage'), lineage).close();
  const best = living.map((id) => lineage.get(id)).sort((a, b) => b.metrics!.accuracy - a.metrics!.accuracy || a.id - b.id)[0];
  const m = best.metrics!;
  run.writeSummary({
    kind: 'evolution', backend: 'synthetic', versions: {}, generations: o.generations, complete: true, population, individuals: lineage.size,
    final, diverged: false, best: { id: best.id, validationAccuracy: m.accuracy, testAccuracy: null, lsr: m.lsr, srq: m.srq, corr: m.corr }, seconds: 0, synthetic,
  });
  return { dir: run.dir, individuals: lineage.size, generations: o.generations, population, lineageBytes: statSync(run.path('lineage')).size };
}
