import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bestIndividual, generationStats } from '../../src/engine/evolve/generationStats';
import { Lineage } from '../../src/engine/evolve/lineage/lineage';
import type { EvolutionMeasurement } from '../../src/engine/evolve/records';
import { seededStream } from '../../src/engine/random/streams';
import { niceTicks } from '../../src/shared/ticks';
import { encodeIdx } from '../data/idx-fixtures';

/** A measurement with just what the statistics read; the rest finite and unremarkable. */
function measured(id: number, accuracy: number, lsr: number): EvolutionMeasurement {
  const metrics = { lsr, accuracy, srq: Math.log(21_100 / lsr), corr: 0.1, meanAbsTheta: 0.1, r2: 1 - lsr / 100, rmsTheta: 0.1, rmsMargin: 0, meanAbsMargin: 0, r2W1: 0, r2W2: 0, r2Wout: 0, srqFree: 0, bits: 0, gain: 1 };
  return { id, metrics, theta: new Float32Array([id, 1, 2]), predictions: new Float32Array(3), innateAccuracy: accuracy };
}

function statsOf(population: EvolutionMeasurement[]) {
  const lineage = new Lineage();
  for (const p of population) lineage.birth({ id: p.id, parent: null, generation: 0, sigma: 0 });
  const none = { parentAccuracy: new Map(), parentInnate: new Map(), newborn: [], price: null };
  return generationStats(0, population, lineage, none, [0, 1, 2], 0, seededStream('test/non-finite'));
}

// Issue 11: a population of NaN individuals "finished" with exit 0 and a best picked
// among NaNs, and generation means left non-finite individuals out without a word.
describe('non-finite individuals', () => {
  it('are counted in every generation row and left out of its means', () => {
    const row = statsOf([measured(0, 0.8, 10), measured(1, 0.099, NaN), measured(2, 0.6, 30), measured(3, 0.099, Infinity)]);
    expect(row.nonFinite).toBe(2);
    expect(row.population).toBe(4);
    expect(row.meanLsr).toBe(20);
    expect(row.bestLsr).toBe(10);
    expect(statsOf([measured(0, 0.8, 10), measured(1, 0.7, 20)]).nonFinite).toBe(0);
    expect(statsOf([measured(0, 0.099, NaN), measured(1, NaN, 5)]).nonFinite).toBe(2);
  });

  it('are never the best individual; a wholly diverged population has none', () => {
    // The diverged one "classifies" at 0.9 (argmax of NaN outputs is class 0): still not the best.
    const population = [measured(0, 0.5, 10), measured(1, 0.9, NaN), measured(2, 0.7, 30), measured(3, 0.7, 20)];
    expect(bestIndividual(population)?.id).toBe(2);
    expect(bestIndividual([measured(0, 0.9, NaN), measured(1, 0.099, Infinity), measured(2, NaN, 3)])).toBeNull();
  });

  // The figures of such a run hung: the mean of three accuracies of 0.09 is 0.09000000000000001,
  // and ticks over that "span" were numbered past 2^53, where k++ no longer moves.
  it('leave figures drawable: an axis over a span within float noise gets a few ticks', () => {
    const ticks = niceTicks(0.09, 0.09000000000000001, 5);
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.length).toBeLessThan(20);
    expect(ticks[0]).toBeLessThanOrEqual(0.09);
    expect(ticks.at(-1)).toBeGreaterThanOrEqual(0.09000000000000001);
  });

  it('make a run whose whole population diverged end as diverged (exit 3), not as a success', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quinarium-diverged-'));
    const data = join(dir, 'data');
    const out = join(dir, 'runs');
    // 300 training and 50 test images of noise (28×28): enough for a run, quick to evaluate.
    const rng = seededStream('test/diverged-data');
    const write = (name: string, dims: number[], n: number, max: number) => writeFileSync(join(data, name), encodeIdx(dims, Array.from({ length: n }, () => rng.int(max))));
    mkdirSync(data, { recursive: true });
    write('train-images-idx3-ubyte', [300, 28, 28], 300 * 784, 256);
    write('train-labels-idx1-ubyte', [300], 300, 10);
    write('t10k-images-idx3-ubyte', [50, 28, 28], 50 * 784, 256);
    write('t10k-labels-idx1-ubyte', [50], 50, 10);
    // A learning rate of 10³⁰ sends every θ to NaN in its first lifetime.
    const r = spawnSync('node', [join(__dirname, '../../bin/quinarium.mjs'), 'evolve', '--population', '3', '--generations', '2', '--lifetime-steps', '2', '--lifetime-lr', '1e30',
      '--evaluation-validation', '100', '--selection-method', 'truncation', '--data-dir', data, '--out', out, '--backend', 'wasm', '--json'], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/quinarium evolve: the run diverged: all 3 individuals of generation 1 have a non-finite L_SR or accuracy, so it has no best individual/);
    const [run] = readdirSync(out);
    const summary = JSON.parse(readFileSync(join(out, run, 'summary.json'), 'utf8'));
    expect(summary.diverged).toBe(true);
    expect(summary.best).toBeNull();
    const rows = readFileSync(join(out, run, 'generations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.population, x.nonFinite])).toEqual([[3, 3], [3, 3]]);
    // The figures were drawn (the run directory is complete).
    expect(readdirSync(join(out, run, 'figures')).length).toBeGreaterThan(0);
  });
});
