import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAlifeCsv } from '../../src/engine/evolve/lineage/alifeCsv';
import { defaultMnistDirectory } from '../../src/engine/data/mnist';

// evo/genuine, small: founders solved into quines of the run's own reproduction map,
// then a population that stays genuine — checked against numpy alone, from the files a
// run leaves (population.npy, Pc.npy, Px.npy, the pairing lsrImages.npy, model.json,
// config.json) and the MNIST training file.

const bin = join(__dirname, '../../bin/quinarium.mjs');
const run = (args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8' });
// One distinct founder, 4 individuals, 3 generations of 5 lifetime steps, 1,000 validation
// images. The founder's solve (≈ 1,500 JVPs) dominates: minutes on an idle machine.
const small = ['--population', '4', '--generations', '3', '--founders-distinct', '1', '--lifetime-steps', '5', '--evaluation-validation', '1000', '--seed', '0', '--threads', '2', '--backend', 'wasm'];

interface Check { ids: number[]; r2: number[]; transmissionR2: number[]; rmsTheta: number[]; medianR2: number; meanTransmissionR2: number }

function numpyCheck(runDir: string): Check {
  const py = spawnSync('/usr/bin/python3', [join(__dirname, 'population_check.py'), runDir, defaultMnistDirectory()], { encoding: 'utf8' });
  expect(py.status, py.stderr).toBe(0);
  return JSON.parse(py.stdout) as Check;
}

const rowsOf = (dir: string) => readFileSync(join(dir, 'generations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('evo/genuine: genuine-quine founders stay genuine through germline, damped projective reproduction', () => {
  const out = mkdtempSync(join(tmpdir(), 'quinarium-genuine-'));
  let runDir = '';

  it('the founder is solved to r2 ≥ 0.99 and every generation keeps median r2 ≥ 0.99 and newborns\' transmission r2 ≥ 0.99', () => {
    const r = run(['evolve', '--preset', 'evo/genuine', ...small, '--out', join(out, 'a')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/founder 0: r2 .* → (0\.99\d+|1\.0+) after \d+ Newton steps/);
    runDir = join(out, 'a', readdirSync(join(out, 'a'))[0]);
    const rows = rowsOf(runDir);
    expect(rows.map((x) => x.generation)).toEqual([0, 1, 2]);
    for (const row of rows) expect(row.medianR2, `generation ${row.generation}`).toBeGreaterThanOrEqual(0.99);
    for (const row of rows.slice(1)) expect(row.meanTransmissionR2).toBeGreaterThanOrEqual(0.99);
    expect(existsSync(join(runDir, 'checkpoints', 'founders', '0', 'theta.npy'))).toBe(true);
    const model = JSON.parse(readFileSync(join(runDir, 'checkpoints', 'founders', '0', 'model.json'), 'utf8'));
    expect(model.options.evolution).toEqual({ validation: 1000, pairing: 'fixed' });
    expect(model.options.solve.r2).toBeGreaterThanOrEqual(0.99);
  }, 3_600_000);

  it('numpy alone recomputes the living genomes\' r2 (= lineage.csv\'s) and their children\'s transmission r2, all ≥ 0.99', () => {
    const got = numpyCheck(runDir);
    const lineage = new Map(parseAlifeCsv(readFileSync(join(runDir, 'lineage.csv'), 'utf8')).map((x) => [x.id, x]));
    got.ids.forEach((id, i) => {
      expect(got.r2[i]).toBeGreaterThanOrEqual(0.99);
      expect(got.transmissionR2[i]).toBeGreaterThanOrEqual(0.99);
      // The engine's float32 forward pass against numpy's float64 one.
      expect(Math.abs(got.r2[i] - Number(lineage.get(id)!.r2))).toBeLessThan(1e-4);
    });
    expect(got.medianR2).toBeCloseTo(rowsOf(runDir).at(-1).medianR2, 4);
  });

  it('--founders <that run> starts a new run from its solved founder (no solve), genuine from generation 0', () => {
    const r = run(['evolve', '--preset', 'evo/genuine', ...small, '--generations', '1', '--founders', runDir, '--founders-solve', 'none', '--out', join(out, 'b')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/solving/);
    const dir = join(out, 'b', readdirSync(join(out, 'b'))[0]);
    expect(rowsOf(dir)[0].medianR2).toBeGreaterThanOrEqual(0.99);
  }, 300_000);

  it('--founders from another seed is refused with one line naming the seed', () => {
    const r = run(['evolve', '--preset', 'evo/genuine', ...small, '--seed', '1', '--founders', runDir, '--founders-solve', 'none', '--out', join(out, 'c')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/config\.founders\.from: .* was made with seed 0, whose projections and pairing are not this run's \(seed 1\): pass --seed 0/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
