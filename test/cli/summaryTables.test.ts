import { describe, expect, it } from 'vitest';
import { evolutionSummaryTable, verdictCounts } from '../../src/cli/evolutionSummaryTable';
import { summaryTable } from '../../src/cli/summaryTable';
import { findScenario } from '../../src/engine/scenarios/registry';
import type { RunSummary } from '../../src/engine/runs/paperRun';
import type { GenerationRow, IndividualRow } from '../../src/protocol/records';

const individual = (id: number, r2: number | null, rmsTheta = 0.1): IndividualRow => ({
  id, parent: null, born: 0, died: null, accuracy: 0.8, lsr: 2, srq: 9, corr: 0, meanAbsTheta: 0.01, r2, rmsTheta, bits: 0,
  innateAccuracy: null, transmissionR2: null, sigma: 0,
});

describe('closing tables', () => {
  it("labels the paper's numbers as the paper's claim, beside our verdict", () => {
    const scenario = findScenario('paper/regeneration');
    const summary = {
      aggregate: { main: { 'best.lsr': { mean: 0.96, sd: 0.24, n: 3 }, 'final.r2': { mean: -0.03, sd: 0.02, n: 3 } } },
      runs: [0, 1, 2].map((seed) => ({ arm: 'main', seed, verdict: 'trivial', diverged: false })),
    } as unknown as RunSummary;
    const lines = summaryTable(scenario, summary).split('\n');
    expect(lines[0]).toMatch(/metric\s+ours\s+paper's claim$/);
    expect(lines.find((l) => /best L_SR/.test(l))).toMatch(/0\.9600 ± 0\.2400\s+0\.8600$/);
    expect(lines.find((l) => /verdict \(ours, by r2\)/.test(l))).toMatch(/3 trivial\s+judged by L_SR alone$/);
    expect(lines.some((l) => l.startsWith('the paper claims (Chang & Lipson 2018): '))).toBe(true);
  });

  it('counts SPEC verdicts, individuals without r2 apart', () => {
    expect(verdictCounts([individual(1, 0.995), individual(2, 0.5), individual(3, -1), individual(4, 0.01), individual(5, null)]))
      .toBe('1 genuine, 1 partial, 2 trivial, 1 not measured');
  });

  it("summarises an evolution's last generation, its peak, and says plainly when every living individual is trivial", () => {
    const row = (g: number, best: number): GenerationRow => ({ generation: g, bestAccuracy: best, meanAccuracy: 0.7, bestLsr: 2.15, medianLsr: 2.29, bestR2: -0.002, meanR2: -0.009,
      meanCorr: 0.001, meanRmsTheta: 0.011, meanAbsTheta: 0.0084, survivingRoots: 1, mrcaDepth: 17 } as GenerationRow);
    const text = evolutionSummaryTable({ rows: [row(0, 0.5), row(1, 0.874), row(2, 0.838)], living: [individual(7, -0.002), individual(8, -0.03)], founders: 32, best: { id: 7, testAccuracy: 0.823 } });
    expect(text).toMatch(/best validation accuracy\s+83\.8 % \(peak 87\.4 % at gen 1\)/);
    expect(text).toMatch(/test accuracy of the best \(#7\)\s+82\.3 %/);
    expect(text).toMatch(/best \/ median L_SR\s+2\.15 \/ 2\.29/);
    expect(text).toMatch(/best \/ mean r2 \(scale-free\)\s+-0\.0020 \/ -0\.0090/);
    expect(text).toMatch(/founder lineages left\s+1 of 32/);
    expect(text).toMatch(/MRCA of the living born in\s+gen 17/);
    expect(text).toMatch(/verdict of the living \(ours, by r2\)\s+2 trivial/);
    expect(text).toMatch(/all 2 living individuals are trivial quines \(r2 < 0\.1\)/);
    const mixed = evolutionSummaryTable({ rows: [row(0, 0.5)], living: [individual(7, 0.995), individual(8, -0.03)], founders: 2, best: null });
    expect(mixed).not.toMatch(/all \d+ living individuals are trivial/);
    expect(mixed).toMatch(/highest r2 \(#7\)\s+0\.9950: genuine/);
  });
});
