import { join } from 'node:path';
import type { Evaluation } from '../engine/metrics/evaluateLanes';
import { paramLayout } from '../engine/models/layout';
import type { MetricsRow } from '../engine/runs/paperRun';
import type { PaperScenario } from '../engine/scenarios/scenario';
import { writeFileAtomic } from '../engine/store/atomicWrite';
import { ensureDir } from '../engine/store/runDir';
import { lineChart, suggestLogY, type LineSeries } from './svg/lineChart';
import { weightPicture } from './svg/weightPicture';

type Metric = 'lsr' | 'laux' | 'accuracy' | 'r2' | 'rmsTheta';

/** Whether the positive values of the series span more than `decades` powers of ten. */
function spansDecades(series: LineSeries[], decades: number): boolean {
  const v = series.flatMap((s) => s.points.map((p) => p[1])).filter((x) => Number.isFinite(x) && x > 0);
  return v.length > 1 && Math.log10(Math.max(...v) / Math.min(...v)) > decades;
}

/** Mean over lanes of one metric per epoch, for the rows of one arm and phase. */
function meanCurve(rows: MetricsRow[], metric: Metric): [number, number][] {
  const byEpoch = new Map<number, number[]>();
  for (const r of rows) {
    const v = r[metric];
    if (v === undefined) continue;
    byEpoch.set(r.epoch, [...(byEpoch.get(r.epoch) ?? []), v]);
  }
  return [...byEpoch].sort((a, b) => a[0] - b[0]).map(([e, vs]) => [e, vs.reduce((a, b) => a + b, 0) / vs.length]);
}

function lossSeries(scenario: PaperScenario, rows: MetricsRow[]): LineSeries[] {
  const arms = [...new Set(rows.map((r) => r.arm))];
  const series: LineSeries[] = [];
  for (const arm of arms) {
    const mine = rows.filter((r) => r.arm === arm);
    const name = arm === 'main' ? '' : arm;
    if (mine.some((r) => r.phase === 'regenerated')) {
      series.push({ name: 'after regeneration', points: meanCurve(mine.filter((r) => r.phase !== 'optimised'), 'lsr') });
      const opt = mine.filter((r) => r.phase === 'optimised' || r.phase === 'initial');
      if (mine.some((r) => r.phase === 'optimised')) series.push({ name: 'after optimisation', points: meanCurve(opt, 'lsr'), dashed: true });
    } else if (mine.some((r) => r.laux !== undefined) && scenario.config.method !== 'classifier') {
      series.push({ name: `${name} L_aux`.trim(), points: meanCurve(mine, 'laux') });
      series.push({ name: `${name} L_SR`.trim(), points: meanCurve(mine, 'lsr'), dashed: true });
    } else {
      series.push({ name: name || 'L_SR', points: meanCurve(mine, 'lsr') });
    }
  }
  return series;
}

/** Weights beside their predictions for W1 and W2 (the paper's Figs. 2 and 7), log-normalised. */
function weightsFigure(title: string, e: Evaluation): string {
  const layout = paramLayout(e.theta.length === 20100 ? 'vanilla' : 'auxiliary');
  const panels = layout.blocks.filter((b) => b.name === 'W1' || b.name === 'W2').flatMap((b) => {
    const n = b.shape[0] * b.shape[1];
    return [
      { label: `${b.name} weights`, values: e.theta.subarray(b.offset, b.offset + n), rows: b.shape[0], cols: b.shape[1] },
      { label: `${b.name} predictions`, values: e.predictions.subarray(b.offset, b.offset + n), rows: b.shape[0], cols: b.shape[1] },
    ];
  });
  return weightPicture({ title, panels, columns: 2 });
}

/** Redraws the scenario's figures from our own run into `dir`; returns the files written. */
export function writePaperFigures(dir: string, scenario: PaperScenario, rows: MetricsRow[], finals: Map<string, Evaluation[]>): string[] {
  ensureDir(dir);
  const written: string[] = [];
  const save = (name: string, svg: string) => {
    writeFileAtomic(join(dir, name), svg);
    written.push(name);
  };
  const fig = scenario.figure ? ` (${scenario.figure})` : '';
  const seeds = new Set(rows.map((r) => r.seed)).size;
  const over = seeds > 1 ? `, mean of ${seeds} seeds` : '';
  if (scenario.figures.includes('loss') && rows.length) {
    const series = lossSeries(scenario, rows);
    const regen = rows.some((r) => r.phase === 'regenerated');
    save('loss.svg', lineChart({
      title: `${scenario.title}${fig}${over}`,
      xLabel: regen ? 'generation' : 'epoch',
      yLabel: 'test loss',
      series,
      // Losses that fall by orders of magnitude in the first epoch or generation (regeneration,
      // the auxiliary quine) only show what follows on a log axis.
      logY: regen || suggestLogY(series) || spansDecades(series, 1.5),
      markers: regen || rows.length < 40,
    }));
  }
  if (scenario.figures.includes('replication') && rows.some((r) => Number.isFinite(r.r2))) {
    // L_SR alone hides shrinkage (SPEC): r2 and the scale of θ, side by side with it.
    const arms = [...new Set(rows.map((r) => r.arm))];
    const curve = (metric: Metric, arm: string) => meanCurve(rows.filter((r) => r.arm === arm && r.phase !== 'optimised'), metric);
    const r2Series = arms.map((a) => ({ name: a === 'main' ? 'r2' : a, points: curve('r2', a).map(([e, v]): [number, number] => [e, Math.max(-1, v)]) }));
    save('r2.svg', lineChart({
      title: `${scenario.title}: r2 = 1 − L_SR/Σ(θ − mean θ)²${over}`,
      xLabel: rows.some((r) => r.phase === 'regenerated') ? 'epoch / generation' : 'epoch',
      yLabel: 'r2 (below −1 drawn at −1)',
      series: r2Series,
      markers: rows.length < 40,
    }));
    const rmsSeries = arms.map((a) => ({ name: a === 'main' ? 'RMS θ' : a, points: curve('rmsTheta', a) }));
    save('rms-theta.svg', lineChart({
      title: `${scenario.title}: RMS θ = √(Σθ²/N)${over}`,
      xLabel: rows.some((r) => r.phase === 'regenerated') ? 'epoch / generation' : 'epoch',
      yLabel: 'RMS θ',
      series: rmsSeries,
      logY: spansDecades(rmsSeries, 1),
      markers: rows.length < 40,
    }));
  }
  if (scenario.figures.includes('accuracy') && rows.some((r) => r.accuracy !== undefined)) {
    const arms = [...new Set(rows.map((r) => r.arm))];
    save('accuracy.svg', lineChart({
      title: `${scenario.title}: MNIST test accuracy${over}`,
      xLabel: 'epoch',
      yLabel: 'test accuracy',
      series: arms.map((a) => ({ name: a === 'main' ? 'accuracy' : a, points: meanCurve(rows.filter((r) => r.arm === a), 'accuracy') })),
      markers: true,
    }));
  }
  if (scenario.figures.includes('weights')) {
    for (const [arm, evals] of finals) {
      if (!evals.length) continue;
      const last = rows.filter((r) => r.arm === arm && r.lane === 0).at(-1);
      const lsr = last && (last.lsr !== 0 && Math.abs(last.lsr) < 0.01 ? last.lsr.toExponential(1) : last.lsr.toFixed(2));
      const label = last ? `epoch ${last.epoch}, L_SR = ${lsr}${Number.isFinite(last.r2) ? `, r2 = ${last.r2.toFixed(4)}` : ''}` : '';
      const which = scenario.figure ? `${scenario.figure}: ` : '';
      save(finals.size > 1 ? `weights-${arm}.svg` : 'weights.svg', weightsFigure(`${which}weights and predictions (seed ${last?.seed ?? 0}, ${label})`, evals[0]));
    }
  }
  return written;
}
