import { join } from 'node:path';
import type { Lineage } from '../engine/evolve/lineage/lineage';
import { muller } from '../engine/evolve/lineage/muller';
import { individualRow, type GenerationRow } from '../engine/evolve/records';
import { writeFileAtomic } from '../engine/store/atomicWrite';
import { ensureDir } from '../engine/store/runDir';
import { lineChart } from './svg/lineChart';
import { mullerPlot } from './svg/mullerPlot';
import { scatterChart } from './svg/scatterChart';

/** The end-of-run figures of an evolution: accuracy and L_SR over generations, triviality, inheritance, Pareto fronts, Muller plot. */
export function writeEvolutionFigures(dir: string, rows: GenerationRow[], lineage: Lineage): string[] {
  ensureDir(dir);
  const written: string[] = [];
  const save = (name: string, svg: string) => { writeFileAtomic(join(dir, name), svg); written.push(name); };
  const pts = (f: (r: GenerationRow) => number) => rows.map((r): [number, number] => [r.generation, f(r)]);
  save('accuracy.svg', lineChart({
    title: 'Validation accuracy over generations',
    xLabel: 'generation', yLabel: 'accuracy',
    series: [{ name: 'best', points: pts((r) => r.bestAccuracy) }, { name: 'mean', points: pts((r) => r.meanAccuracy), dashed: true }],
    markers: rows.length < 60,
  }));
  save('replication.svg', lineChart({
    title: 'Replication loss L_SR over generations',
    xLabel: 'generation', yLabel: 'L_SR', logY: true,
    series: [{ name: 'best', points: pts((r) => r.bestLsr) }, { name: 'median', points: pts((r) => r.medianLsr), dashed: true }],
    markers: rows.length < 60,
  }));
  save('triviality.svg', lineChart({
    title: 'Triviality check: corr(f, θ) and mean |θ| (population means)',
    xLabel: 'generation', yLabel: 'value',
    // Exploded children can push mean |θ| past 10³; the interesting range is [0, 1].
    yDomain: [-0.1, 1],
    series: [
      { name: 'corr(f, θ)', points: pts((r) => r.meanCorr ?? NaN) },
      { name: 'mean |θ|', points: pts((r) => r.meanAbsTheta ?? NaN), dashed: true },
    ],
    markers: rows.length < 60,
  }));
  // What is inherited beside what is learned (issue 9): rows of runs made before these were measured lack them (NaN: not drawn).
  const num = (v: number | null | undefined) => (typeof v === 'number' ? v : NaN);
  save('inheritance.svg', lineChart({
    title: 'Inherited vs learned (population means)',
    xLabel: 'generation', yLabel: 'value (r2 clipped at −1)',
    yDomain: [-1, 1],
    series: [
      { name: 'accuracy, learned', points: pts((r) => r.meanAccuracy) },
      { name: 'accuracy at birth', points: pts((r) => num(r.meanBirthAccuracy)), dashed: true },
      { name: 'newborns\' r2 to parent', points: pts((r) => Math.max(-1, num(r.meanTransmissionR2))) },
      { name: 'newborns\' corr', points: pts((r) => num(r.meanTransmissionCorr)), dashed: true },
    ],
    markers: rows.length < 60,
  }));
  save('price.svg', lineChart({
    title: 'Price equation: change in mean accuracy = selection + transmission',
    xLabel: 'generation', yLabel: 'accuracy change',
    series: [
      { name: 'selection Cov(w, z)/w̄', points: pts((r) => num(r.priceSelection)) },
      { name: 'transmission E(wΔz)/w̄', points: pts((r) => num(r.priceTransmission)), dashed: true },
    ],
    markers: rows.length < 60,
  }));
  // Pareto fronts of a few generations spread over the run, with the last population.
  const picks = [...new Set([0, 0.25, 0.5, 0.75, 1].map((q) => Math.round(q * (rows.length - 1))))].filter((i) => rows[i]);
  const last = rows.at(-1);
  const alive = lineage.individuals().map(individualRow).filter((i) => i.died === null && i.accuracy !== null && i.lsr !== null);
  save('pareto.svg', scatterChart({
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
    save('muller.svg', mullerPlot({ title: 'Lineage abundance (Muller plot of founder lineages)', generations: m.generations, lineages: m.lineages }));
  }
  return written;
}
