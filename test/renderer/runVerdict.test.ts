import { describe, expect, it } from 'vitest';
import type { GenerationRow } from '../../src/protocol/records';
import { evolutionVerdict, paperVerdict } from '../../renderer/src/app/runVerdict';

const gen = (generation: number, bestR2: number, meanRmsTheta: number) => ({ generation, bestR2, meanR2: bestR2, meanRmsTheta } as unknown as GenerationRow);

describe('run verdict banner', () => {
  it('calls an evolution trivial when its best r2 is below 0.1, and says how far θ shrank', () => {
    const v = evolutionVerdict([gen(0, -0.3, 0.08), gen(39, -0.002, 0.00008)])!;
    expect(v.verdict).toBe('trivial');
    expect(v.at).toBe(39);
    expect(v.rmsRatio).toBeCloseTo(1e-3, 12);
    expect(v.text).toContain('RMS θ ×1.0e-3 of its start');
    expect(evolutionVerdict([])).toBeNull();
  });

  // Issue 11: a wholly diverged population read as a finished run; a partly diverged one hid its count.
  it('says an evolution has diverged when its whole latest generation has, and counts a partial divergence', () => {
    const row = (generation: number, bestR2: number | null, nonFinite: number) => ({ ...gen(generation, bestR2 as number, 0.1), population: 4, nonFinite } as GenerationRow);
    const v = evolutionVerdict([row(0, -0.3, 0), row(3, null, 4)])!;
    expect(v.verdict).toBe('diverged');
    expect(v.text).toBe('Diverged: all 4 individuals of generation 3 have a non-finite L_SR or accuracy; nothing is left to select.');
    expect(evolutionVerdict([row(0, -0.3, 0), row(3, -0.2, 1)])!.text).toMatch(/\. 1 of 4 individuals have diverged \(left out\)\.$/);
    expect(evolutionVerdict([row(0, -0.3, 0), row(3, -0.2, 0)])!.text).not.toMatch(/diverged/);
  });

  it('needs RMS θ at least half its start for genuine: a shrunk r2 = 0.995 is partial', () => {
    expect(evolutionVerdict([gen(0, 0.2, 1), gen(5, 0.995, 0.6)])!.verdict).toBe('genuine');
    expect(evolutionVerdict([gen(0, 0.2, 1), gen(5, 0.995, 0.4)])!.verdict).toBe('partial');
  });

  it("takes a paper run's best lane at its latest epoch, against that lane's first RMS θ", () => {
    const rows = [
      { arm: 'a', lane: 0, epoch: 0, r2: 0.0, rmsTheta: 1 },
      { arm: 'a', lane: 1, epoch: 0, r2: 0.0, rmsTheta: 2 },
      { arm: 'a', lane: 0, epoch: 10, r2: 0.5, rmsTheta: 1 },
      { arm: 'a', lane: 1, epoch: 10, r2: 0.999, rmsTheta: 0.5 },
    ];
    const v = paperVerdict(rows)!;
    // Lane 1 has the best r2 but RMS θ fell to a quarter of its start: partial, not genuine.
    expect(v.verdict).toBe('partial');
    expect(v.r2).toBe(0.999);
    expect(v.rmsRatio).toBe(0.25);
    expect(paperVerdict([{ epoch: 0, lsr: 1 }])).toBeNull();
  });
});
