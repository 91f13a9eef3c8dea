import { join } from 'node:path';
import type { Lineage } from '../engine/evolve/lineage/lineage';
import { muller } from '../engine/evolve/lineage/muller';
import { individualRow, type GenerationRow } from '../engine/evolve/records';
import { writeFileAtomic } from '../engine/store/atomicWrite';
import { ensureDir } from '../engine/store/runDir';
import { lineChart } from './svg/lineChart';
import { mullerPlot } from './svg/mullerPlot';
import { scatterChart } from './svg/scatterChart';
import { stackedFigure } from './svg/stackedFigure';
import type { FigureStyle } from './svg/theme';

// SPEC's verdict thresholds, drawn on the r2 panel so the reader sees which side a run is on.
const GENUINE_R2 = 0.99;
const TRIVIAL_R2 = 0.1;

/** The end-of-run figures of an evolution: accuracy and L_SR over generations, triviality, inheritance, Pareto fronts, Muller plot. */
export function writeEvolutionFigures(dir: string, rows: GenerationRow[], lineage: Lineage, style: FigureStyle = {}): string[] {
  ensureDir(dir);
  const written: string[] = [];
  const save = (name: string, svg: string) => { writeFileAtomic(join(dir, name), svg); written.push(name); };
  const pts = (f: (r: GenerationRow) => number) => rows.map((r): [number, number] => [r.generation, f(r)]);
  // Rows of runs made before a quantity was measured lack it (NaN: not drawn).
  const num = (v: number | null | undefined) => (typeof v === 'number' ? v : NaN);
  const markers = rows.length < 60;
  save('accuracy.svg', lineChart({
    ...style,
    title: 'Validation accuracy over generations',
    xLabel: 'generation', yLabel: 'validation accuracy',
    series: [{ name: 'best', points: pts((r) => r.bestAccuracy) }, { name: 'mean', points: pts((r) => r.meanAccuracy), dashed: true }],
    markers,
  }));
  save('replication.svg', lineChart({
    ...style,
    title: 'Replication loss L_SR over generations',
    xLabel: 'generation', yLabel: 'L_SR = Σ_c (f(c) − θ_c)²', logY: true, zeroLabel: 'L_SR = 0',
    series: [{ name: 'best', points: pts((r) => r.bestLsr) }, { name: 'median', points: pts((r) => r.medianLsr), dashed: true }],
    markers,
  }));
  save('triviality.svg', trivialityFigure(rows, style));
  // What is inherited beside what is learned (issue 9).
  save('inheritance.svg', lineChart({
    ...style,
    title: 'Inherited vs learned (population means)',
    xLabel: 'generation', yLabel: 'accuracy; r2, corr (r2 < −1 drawn at −1)',
    yDomain: [-1, 1],
    series: [
      { name: 'accuracy, learned', points: pts((r) => r.meanAccuracy) },
      { name: 'accuracy at birth', points: pts((r) => num(r.meanBirthAccuracy)), dashed: true },
      { name: 'newborns\' r2 to parent', points: pts((r) => Math.max(-1, num(r.meanTransmissionR2))) },
      { name: 'newborns\' corr', points: pts((r) => num(r.meanTransmissionCorr)), dashed: true },
    ],
    markers,
  }));
  save('price.svg', lineChart({
    ...style,
    title: 'Price equation: change in mean accuracy = selection + transmission',
    xLabel: 'generation', yLabel: 'change in mean accuracy',
    series: [
      { name: 'selection Cov(w, z)/w̄', points: pts((r) => num(r.priceSelection)) },
      { name: 'transmission E(wΔz)/w̄', points: pts((r) => num(r.priceTransmission)), dashed: true },
    ],
    markers,
  }));
  // Pareto fronts of a few generations spread over the run, with the last population.
  const picks = [...new Set([0, 0.25, 0.5, 0.75, 1].map((q) => Math.round(q * (rows.length - 1))))].filter((i) => rows[i]);
  const last = rows.at(-1);
  const alive = lineage.individuals().map(individualRow).filter((i) => i.died === null && i.accuracy !== null && i.lsr !== null);
  save('pareto.svg', scatterChart({
    ...style,
    title: `Accuracy vs L_SR: Pareto fronts by generation`,
    xLabel: 'validation accuracy', yLabel: 'L_SR', logY: true,
    points: [
      ...picks.flatMap((i) => rows[i].front.map(([a, l]) => ({ x: a, y: l, group: `front, gen ${rows[i].generation}` }))),
      ...alive.map((i) => ({ x: i.accuracy!, y: i.lsr!, group: `population, gen ${last?.generation ?? 0}` })),
    ],
    front: last?.front,
  }));
  const generations = rows.map((r) => r.generation);
  if (generations.length) {
    const m = muller(lineage, generations);
    save('muller.svg', mullerPlot({ ...style, title: 'Lineage abundance (Muller plot of founder lineages)', generations: m.generations, lineages: m.lineages }));
  }
  return written;
}

/**
 * Is a low L_SR replication or shrinkage? Two panels, because the two answers live on
 * different scales: the scale-free r2 and corr(f, θ) on [−1, 1] with SPEC's thresholds,
 * and the size of θ on a log axis (a linear axis shared with r2 clipped mean |θ| of an
 * exploding population off the figure and flattened a shrinking one into its floor).
 */
function trivialityFigure(rows: GenerationRow[], style: FigureStyle): string {
  const num = (v: number | null | undefined) => (typeof v === 'number' ? v : NaN);
  const pts = (f: (r: GenerationRow) => number) => rows.map((r): [number, number] => [r.generation, f(r)]);
  const markers = rows.length < 60;
  // Same width, plot left and legend width: the two x axes line up.
  const panel = { theme: style.theme, titleSize: 13, width: 680, height: 300, plotLeft: 74, legendWidth: 150, markers };
  const r2 = lineChart({
    ...panel,
    title: 'Replication, scale-free',
    xLabel: 'generation', yLabel: 'r2, corr (r2 < −1 at −1)',
    yDomain: [-1, 1],
    series: [
      { name: 'best r2', points: pts((r) => Math.max(-1, num(r.bestR2))) },
      { name: 'mean r2', points: pts((r) => Math.max(-1, num(r.meanR2))), dashed: true },
      { name: 'mean corr(f, θ)', points: pts((r) => num(r.meanCorr)) },
    ],
    guides: [{ y: GENUINE_R2, label: `genuine: r2 ≥ ${GENUINE_R2}` }, { y: TRIVIAL_R2, label: `trivial: r2 < ${TRIVIAL_R2}` }],
  });
  const scale = lineChart({
    ...panel,
    title: 'Scale of the weights',
    xLabel: 'generation', yLabel: '|θ| (log axis)', logY: true, zeroLabel: 'θ = 0',
    series: [
      { name: 'mean |θ|', points: pts((r) => num(r.meanAbsTheta)) },
      { name: 'mean RMS θ', points: pts((r) => num(r.meanRmsTheta)), dashed: true },
    ],
  });
  return stackedFigure({ ...style, title: 'Triviality check (population): is a low L_SR replication, or a shrinking θ?', panels: [r2, scale] });
}
