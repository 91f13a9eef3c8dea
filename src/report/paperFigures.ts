import { join } from 'node:path';
import type { Evaluation } from '../engine/metrics/evaluateLanes';
import { paramLayout } from '../engine/models/layout';
import type { MetricsRow } from '../engine/runs/paperRun';
import type { PaperScenario } from '../engine/scenarios/scenario';
import { writeFileAtomic } from '../engine/store/atomicWrite';
import { ensureDir } from '../engine/store/runDir';
import { lineChart, suggestLogY, type LineSeries } from './svg/lineChart';
import type { FigureStyle } from './svg/theme';
import { weightPicture } from './svg/weightPicture';

type Metric = 'lsr' | 'laux' | 'accuracy' | 'r2' | 'rmsTheta';

/** Whether the positive values of the series span more than `decades` powers of ten. */
function spansDecades(series: LineSeries[], decades: number): boolean {
  const v = series.flatMap((s) => s.points.map((p) => p[1])).filter((x) => Number.isFinite(x) && x > 0);
  return v.length > 1 && Math.log10(Math.max(...v) / Math.min(...v)) > decades;
}

/**
 * One metric per epoch over the lanes (seeds) of one arm and phase: the mean as the
 * line and, with several lanes, the spread as a band, so a figure shows how far the
 * seeds spread and not only where they average. The band is mean ± sd (sample sd) on a
 * linear axis, and the seeds' range (min to max) on a log axis, where mean − sd is
 * often below zero and the range is what reads.
 */
function seedCurve(rows: MetricsRow[], metric: Metric, spread: Spread, limits: readonly [number, number] = [-Infinity, Infinity]): Pick<LineSeries, 'points' | 'band'> {
  // Each seed's value is held to the limits before averaging (r2 in [−1, 1]: one seed's
  // r2 of −104 would otherwise drag the mean and stretch the band over the whole figure).
  const clamp = (v: number): number => (Number.isNaN(v) ? v : Math.min(limits[1], Math.max(limits[0], v)));
  const transform = clamp;
  const byEpoch = new Map<number, number[]>();
  for (const r of rows) {
    const v = r[metric];
    if (v === undefined) continue;
    byEpoch.set(r.epoch, [...(byEpoch.get(r.epoch) ?? []), clamp(v)]);
  }
  const epochs = [...byEpoch].sort((a, b) => a[0] - b[0]);
  const points: [number, number][] = [];
  const band: [number, number, number][] = [];
  for (const [epoch, values] of epochs) {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    points.push([epoch, transform(mean)]);
    if (values.length < 2) continue;
    if (spread === 'range') {
      band.push([epoch, transform(Math.min(...values)), transform(Math.max(...values))]);
    } else {
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
      band.push([epoch, transform(mean - sd), transform(mean + sd)]);
    }
  }
  return band.length ? { points, band } : { points };
}

type Spread = 'sd' | 'range';

function spreadLabel(spread: Spread, seeds: number): string {
  return spread === 'range' ? `range of ${seeds} seeds` : `± 1 sd over ${seeds} seeds`;
}

function lossSeries(scenario: PaperScenario, rows: MetricsRow[], spread: Spread): LineSeries[] {
  const arms = [...new Set(rows.map((r) => r.arm))];
  const series: LineSeries[] = [];
  for (const arm of arms) {
    const mine = rows.filter((r) => r.arm === arm);
    const name = arm === 'main' ? '' : arm;
    if (mine.some((r) => r.phase === 'regenerated')) {
      series.push({ name: 'after regeneration', ...seedCurve(mine.filter((r) => r.phase !== 'optimised'), 'lsr', spread) });
      const opt = mine.filter((r) => r.phase === 'optimised' || r.phase === 'initial');
      if (mine.some((r) => r.phase === 'optimised')) series.push({ name: 'after optimisation', ...seedCurve(opt, 'lsr', spread), dashed: true });
    } else if (hasAuxLoss(scenario, mine)) {
      series.push({ name: `${name} L_aux`.trim(), ...seedCurve(mine, 'laux', spread) });
      series.push({ name: `${name} L_SR`.trim(), ...seedCurve(mine, 'lsr', spread), dashed: true });
    } else {
      series.push({ name: name || 'L_SR', ...seedCurve(mine, 'lsr', spread) });
    }
  }
  return series;
}

function hasAuxLoss(scenario: PaperScenario, rows: MetricsRow[]): boolean {
  return rows.some((r) => r.laux !== undefined) && scenario.config.method !== 'classifier';
}

/** Weights beside their predictions for W1 and W2 (the paper's Figs. 2 and 7), log-normalised. */
function weightsFigure(title: string, e: Evaluation, style: FigureStyle): string {
  const layout = paramLayout(e.theta.length === 20100 ? 'vanilla' : 'auxiliary');
  const panels = layout.blocks.filter((b) => b.name === 'W1' || b.name === 'W2').flatMap((b) => {
    const n = b.shape[0] * b.shape[1];
    return [
      { label: `${b.name} weights`, values: e.theta.subarray(b.offset, b.offset + n), rows: b.shape[0], cols: b.shape[1] },
      { label: `${b.name} predictions`, values: e.predictions.subarray(b.offset, b.offset + n), rows: b.shape[0], cols: b.shape[1] },
    ];
  });
  return weightPicture({ ...style, title, panels, columns: 2 });
}

/** Redraws the scenario's figures from our own run into `dir`; returns the files written. */
export function writePaperFigures(dir: string, scenario: PaperScenario, rows: MetricsRow[], finals: Map<string, Evaluation[]>, style: FigureStyle = {}): string[] {
  ensureDir(dir);
  const written: string[] = [];
  const save = (name: string, svg: string) => {
    writeFileAtomic(join(dir, name), svg);
    written.push(name);
  };
  const fig = scenario.figure ? ` (${scenario.figure})` : '';
  const seeds = new Set(rows.map((r) => r.seed)).size;
  const over = seeds > 1 ? `, mean of ${seeds} seeds` : '';
  // Several seeds: the spread is drawn, not only the mean.
  const bands = (spread: Spread) => (seeds > 1 ? { bandLabel: spreadLabel(spread, seeds) } : {});
  const regen = rows.some((r) => r.phase === 'regenerated');
  if (scenario.figures.includes('loss') && rows.length) {
    // The axis is chosen on the means, then the band that suits it is drawn.
    const means = lossSeries(scenario, rows, 'sd');
    const logY = regen || suggestLogY(means) || spansDecades(means, 1.5);
    const spread: Spread = logY ? 'range' : 'sd';
    const series = lossSeries(scenario, rows, spread);
    save('loss.svg', lineChart({
      ...style,
      ...bands(spread),
      title: `${scenario.title}${fig}${over}`,
      xLabel: regen ? 'generation' : 'epoch',
      // The vanilla quine has no test set: its loss is L_SR over all N coordinates.
      yLabel: hasAuxLoss(scenario, rows) ? 'L_aux = L_SR + λ·Σ CE, and L_SR' : 'L_SR = Σ_c (f(c) − θ_c)²',
      series,
      // Losses that fall by orders of magnitude in the first epoch or generation (regeneration,
      // the auxiliary quine) only show what follows on a log axis.
      logY,
      // The zero quine reaches L_SR = 0 exactly, which a log axis cannot place.
      zeroLabel: 'L_SR = 0',
      markers: regen || rows.length < 40,
    }));
  }
  if (scenario.figures.includes('replication') && rows.some((r) => Number.isFinite(r.r2))) {
    // L_SR alone hides shrinkage (SPEC): r2 and the scale of θ, side by side with it.
    const arms = [...new Set(rows.map((r) => r.arm))];
    const armRows = (arm: string) => rows.filter((r) => r.arm === arm && r.phase !== 'optimised');
    const r2Series = arms.map((a) => ({ name: a === 'main' ? 'r2' : a, ...seedCurve(armRows(a), 'r2', 'sd', [-1, 1]) }));
    save('r2.svg', lineChart({
      ...style,
      ...bands('sd'),
      title: `${scenario.title}: r2 = 1 − L_SR/Σ(θ − mean θ)²${over}`,
      xLabel: regen ? 'epoch / generation' : 'epoch',
      yLabel: 'r2 (a seed below −1 counts as −1)',
      series: r2Series,
      markers: rows.length < 40,
    }));
    const rmsMeans = arms.map((a) => ({ name: a === 'main' ? 'RMS θ' : a, ...seedCurve(armRows(a), 'rmsTheta', 'sd') }));
    const logRms = spansDecades(rmsMeans, 1) || rmsMeans.some((s) => s.points.some(([, v]) => v === 0));
    const rmsSpread: Spread = logRms ? 'range' : 'sd';
    const rmsSeries = arms.map((a) => ({ name: a === 'main' ? 'RMS θ' : a, ...seedCurve(armRows(a), 'rmsTheta', rmsSpread) }));
    save('rms-theta.svg', lineChart({
      ...style,
      ...bands(rmsSpread),
      title: `${scenario.title}: RMS θ = √(Σθ²/N)${over}`,
      xLabel: regen ? 'epoch / generation' : 'epoch',
      yLabel: 'RMS θ',
      series: rmsSeries,
      logY: logRms,
      zeroLabel: 'θ = 0',
      markers: rows.length < 40,
    }));
  }
  if (scenario.figures.includes('accuracy') && rows.some((r) => r.accuracy !== undefined)) {
    const arms = [...new Set(rows.map((r) => r.arm))];
    save('accuracy.svg', lineChart({
      ...style,
      ...bands('sd'),
      title: `${scenario.title}: MNIST test accuracy${over}`,
      xLabel: 'epoch',
      yLabel: 'MNIST test accuracy',
      series: arms.map((a) => ({ name: a === 'main' ? 'accuracy' : a, ...seedCurve(rows.filter((r) => r.arm === a), 'accuracy', 'sd') })),
      markers: true,
    }));
  }
  if (scenario.figures.includes('weights')) {
    for (const [arm, evals] of finals) {
      if (!evals.length) continue;
      const last = rows.filter((r) => r.arm === arm && r.lane === 0).at(-1);
      // A diverged lane logs L_SR as null (NaN in JSON): say so rather than print a number.
      const v = last?.lsr;
      const lsr = typeof v !== 'number' || !Number.isFinite(v) ? 'not finite (diverged)' : v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(1) : v.toFixed(2);
      const label = last ? `epoch ${last.epoch}, L_SR = ${lsr}${typeof last.r2 === 'number' && Number.isFinite(last.r2) ? `, r2 = ${last.r2.toFixed(4)}` : ''}` : '';
      const which = scenario.figure ? `${scenario.figure}: ` : '';
      save(finals.size > 1 ? `weights-${arm}.svg` : 'weights.svg', weightsFigure(`${which}weights and predictions (seed ${last?.seed ?? 0}, ${label})`, evals[0], style));
    }
  }
  return written;
}
