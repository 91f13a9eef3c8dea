import type { RunSummary } from '../engine/runs/paperRun';
import type { PaperScenario } from '../engine/scenarios/scenario';
import { VERDICTS } from '../protocol/records';
import { renderTable } from './table';
import type { Stat } from '../engine/runs/aggregate';

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (v === 0) return '0';
  if (a < 0.01 || a >= 1e5) return v.toExponential(2);
  return a < 1 ? v.toFixed(4) : v.toFixed(2);
}

function meanSd(s: Stat | undefined, percent = false): string {
  if (!s || !s.n) return '—';
  const k = percent ? 100 : 1;
  const m = fmt(s.mean * k) + (percent ? ' %' : '');
  return s.n > 1 ? `${m} ± ${fmt(s.sd * k)}` : m;
}

const shown: [string, string][] = [
  ['initial.lsr', 'initial L_SR'],
  ['final.lsr', 'final L_SR'],
  ['best.lsr', 'best L_SR'],
  ['best.srq', 'best SRQ'],
  ['best.rmsMargin', 'best RMS margin'],
  ['final.r2', 'final r2 (scale-free)'],
  ['final.bits', 'final bits replicated'],
  ['final.gain', 'final gain κ'],
  ['initial.rmsTheta', 'initial RMS θ'],
  ['final.rmsTheta', 'final RMS θ'],
  ['final.corr', 'final corr(f, θ)'],
  ['final.meanAbsTheta', 'final mean |θ|'],
  ['final.accuracy', 'test accuracy'],
  ['final.accuracyNoCoord', 'test accuracy, coordinate half zeroed'],
];

/** SPEC's one rule (src/protocol/verdict.ts), as every closing table states it. */
export const VERDICT_RULE = 'verdict (SPEC): genuine = r2 ≥ 0.99 with RMS θ ≥ ½ its initial value; trivial = r2 < 0.1, whatever L_SR says';

/** Header of the paper's column: what Chang & Lipson report, which is a claim beside our measurement, not a measurement of ours. */
export const PAPER_COLUMN = "paper's claim";

/**
 * The closing table: ours (mean ± sd over seeds) beside the paper's number, labelled as
 * the paper's claim; our verdict beside the paper's, which judged replication by L_SR alone.
 */
export function summaryTable(scenario: PaperScenario, summary: RunSummary): string {
  const multi = Object.keys(summary.aggregate).length > 1;
  const paperAt = new Map(scenario.paper.map((p) => [p.metric, p.value]));
  const rows: string[][] = [];
  for (const [arm, agg] of Object.entries(summary.aggregate)) {
    const diverged = summary.runs.filter((r) => r.arm === arm && r.diverged !== false);
    const keys: [string, string][] = [...shown, ...scenario.paper.filter((p) => !shown.some(([k]) => k === p.metric)).map((p): [string, string] => [p.metric, p.label])];
    for (const [key, label] of keys) {
      if (!agg[key]?.n) continue;
      const paper = paperAt.get(key);
      const pct = /accuracy/i.test(key);
      rows.push([multi ? arm : '', label, meanSd(agg[key], pct), paper === undefined ? '' : pct ? `${fmt(paper * 100)} %` : fmt(paper)]);
    }
    const verdicts = summary.runs.filter((r) => r.arm === arm).map((r) => r.verdict);
    const counts = VERDICTS.filter((v) => verdicts.includes(v)).map((v) => `${verdicts.filter((x) => x === v).length} ${v}`);
    rows.push([multi ? arm : '', 'verdict (ours, by r2)', counts.join(', '), scenario.paper.length ? 'judged by L_SR alone' : '']);
    if (diverged.length) rows.push([multi ? arm : '', 'diverged', diverged.map((r) => `seed ${r.seed} at epoch ${r.diverged}`).join('; '), '']);
  }
  const lines = [renderTable(['arm', 'metric', 'ours', PAPER_COLUMN], rows, ['l', 'l', 'r', 'r'])];
  lines.push(VERDICT_RULE);
  if (scenario.paperNotes.length) lines.push(`the paper claims (Chang & Lipson 2018): ${scenario.paperNotes.join('; ')}`);
  if (scenario.reference.length) lines.push(`reference (PyTorch, SPEC.md): ${scenario.reference.join('; ')}`);
  return lines.join('\n');
}
