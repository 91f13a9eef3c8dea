import type { GenerationRow, IndividualRow } from '../protocol/records';
import { VERDICTS } from '../protocol/records';
import { verdictOf } from '../protocol/verdict';
import { VERDICT_RULE } from './summaryTable';
import { renderTable } from './table';

/** What `evolve` knows when a run ends: its generation rows, the living population, the best individual's test accuracy. */
export interface EvolutionResults {
  rows: GenerationRow[];
  living: IndividualRow[];
  /** The founders' count (generation 0's population). */
  founders: number;
  best: { id: number; testAccuracy: number | null } | null;
}

/** Four decimals below 1 (r2 −0.0020, |θ| 0.0084), two above (L_SR 2.15), exponent form outside 10⁻³…10⁵. */
function num(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e5 ? v.toExponential(2) : v.toFixed(a < 1 ? 4 : 2);
}

const percent = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)} %`);

/** Counts of SPEC's verdicts over individuals, "30 trivial, 2 partial"; individuals without r2 are counted apart. */
export function verdictCounts(individuals: readonly IndividualRow[]): string {
  const verdicts = individuals.map((i) => (i.r2 === null ? null : verdictOf(i.r2, i.rmsTheta ?? NaN, null)));
  const parts = VERDICTS.map((v) => [v, verdicts.filter((x) => x === v).length] as const).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`);
  const unmeasured = verdicts.filter((x) => x === null).length;
  if (unmeasured) parts.push(`${unmeasured} not measured`);
  return parts.join(', ') || '—';
}

/**
 * The closing table of `evolve`, like `run`'s: the last generation's accuracy (and the
 * peak, with its generation), L_SR beside the scale-free r2 and the size of θ, what is
 * left of the founders, and the living population's verdicts by SPEC's one rule.
 */
export function evolutionSummaryTable(r: EvolutionResults): string {
  const last = r.rows.at(-1);
  if (!last) return 'no generation finished: nothing to summarise';
  const peak = r.rows.reduce((a, b) => (b.bestAccuracy > a.bestAccuracy ? b : a));
  const bestR2 = r.living.filter((i) => i.r2 !== null).sort((a, b) => b.r2! - a.r2!)[0];
  const rows: string[][] = [
    ['best validation accuracy', percent(last.bestAccuracy) + (peak.generation !== last.generation ? ` (peak ${percent(peak.bestAccuracy)} at gen ${peak.generation})` : '')],
    ['mean validation accuracy', percent(last.meanAccuracy)],
    [`test accuracy of the best${r.best ? ` (#${r.best.id})` : ''}`, percent(r.best?.testAccuracy)],
    ['best / median L_SR', `${num(last.bestLsr)} / ${num(last.medianLsr)}`],
    ['best / mean r2 (scale-free)', `${num(last.bestR2)} / ${num(last.meanR2)}`],
    ['mean corr(f, θ)', num(last.meanCorr)],
    ['mean RMS θ / mean |θ|', `${num(last.meanRmsTheta)} / ${num(last.meanAbsTheta)}`],
    ['founder lineages left', `${last.survivingRoots} of ${r.founders}`],
    ['MRCA of the living born in', last.mrcaDepth === null ? '— (no common ancestor)' : `gen ${last.mrcaDepth}`],
    ['verdict of the living (ours, by r2)', verdictCounts(r.living)],
  ];
  if (bestR2) rows.push([`highest r2 (#${bestR2.id})`, `${num(bestR2.r2)}: ${verdictOf(bestR2.r2!, bestR2.rmsTheta ?? NaN, null)}`]);
  const lines = [renderTable(['metric', `generation ${last.generation}`], rows, ['l', 'r']), VERDICT_RULE];
  // Said plainly: a low L_SR is not replication when r2 says otherwise.
  if (r.living.length && r.living.every((i) => i.r2 !== null && verdictOf(i.r2, i.rmsTheta ?? NaN, null) === 'trivial')) {
    lines.push(`all ${r.living.length} living individuals are trivial quines (r2 < 0.1), whatever their L_SR (best ${num(last.bestLsr)}): nothing here replicates`);
  }
  return lines.join('\n');
}
