// The terminal side of an evolution (issue 14): evolve ends with a results table,
// inspect recomputes an individual from its saved weights, figures --png --theme dark.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../../src/engine/store/npy';
import { THEMES } from '../../src/report/svg/theme';
import { decodePng, PNG_SIGNATURE } from '../report/pngChunks';

const bin = join(__dirname, '../../bin/quinarium.mjs');
const cli = (args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8' });
// A tiny but real evolution: 4 individuals, 3 generations, 5 lifetime steps, 1,000 validation images.
const tiny = ['--threads', '1', '--population', '4', '--generations', '3', '--lifetime-steps', '5', '--evaluation-validation', '1000', '--seed', '3', '--backend', 'wasm'];

describe('evolve, inspect and figures on an evolution run', () => {
  const out = mkdtempSync(join(tmpdir(), 'quinarium-evo-cli-'));
  let runDir = '';
  let stderr = '';

  it('evolve ends with a results table: accuracy, L_SR beside r2 and |θ|, founders, MRCA, verdicts', () => {
    const r = cli(['evolve', ...tiny, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    stderr = r.stderr;
    runDir = join(out, readdirSync(out)[0]);
    for (const row of [/best validation accuracy\s+\d+\.\d %/, /test accuracy of the best \(#\d+\)\s+\d+\.\d %/, /best \/ median L_SR\s+\S+ \/ \S+/,
      /best \/ mean r2 \(scale-free\)\s+\S+ \/ \S+/, /mean RMS θ \/ mean \|θ\|\s+\S+ \/ \S+/, /founder lineages left\s+\d of 4/, /MRCA of the living born in\s+(gen \d|— \(no common ancestor\))/,
      /verdict of the living \(ours, by r2\)\s+\d+ (trivial|partial|genuine)/, /verdict \(SPEC\): genuine = r2 ≥ 0\.99/]) {
      expect(stderr).toMatch(row);
    }
    // The table's numbers are the last generation's, as logged.
    const rows = readFileSync(join(runDir, 'generations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const last = rows.at(-1);
    expect(stderr).toContain(`generation ${last.generation}`);
    expect(stderr).toMatch(new RegExp(`founder lineages left\\s+${last.survivingRoots} of 4`));
    expect(stderr).toContain(`${(last.bestAccuracy * 100).toFixed(1)} %`);
  });

  it('inspect lists the saved individuals of a run, and recomputes one from its weights to the logged metrics', () => {
    const list = cli(['inspect', runDir, '--json']);
    expect(list.status, list.stderr).toBe(0);
    const saved = JSON.parse(list.stdout);
    expect(saved.living).toHaveLength(4);
    const table = cli(['inspect', runDir]);
    expect(table.status, table.stderr).toBe(0);
    // The final population (checkpoints/final), not the resumable checkpoint taken before the last generation.
    expect(saved.final).toBe(true);
    expect(saved.checkpoint).toBe(join(runDir, 'checkpoints', 'final'));
    expect(table.stdout).toMatch(/the final population: the 4 individuals of generation 2, as it measured them/);
    expect(table.stdout).toMatch(/--id <id> recomputes one/);

    const id = saved.living[0].id as number;
    const r = cli(['inspect', runDir, '--id', String(id), '--json', '--backend', 'wasm']);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.id).toBe(id);
    // Lamarckian run: the saved weights are the ones the last generation measured.
    const csv = readFileSync(join(runDir, 'lineage.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => csv[0].indexOf(name);
    const logged = csv.find((row) => row[0] === String(id))!;
    expect(m.metrics.accuracy).toBeCloseTo(Number(logged[col('accuracy')]), 6);
    expect(m.metrics.lsr).toBeCloseTo(Number(logged[col('lsr')]), 2);
    expect(m.metrics.r2).toBeCloseTo(Number(logged[col('r2')]), 5);
    expect(m.testAccuracy).toBeGreaterThan(0);
    expect(m.testAccuracy).toBeLessThanOrEqual(1);
    // Independently of the engine: r2 = 1 − L_SR / Σ(θ − mean θ)² with θ read by the npy reader.
    const checkpoint = saved.checkpoint as string;
    const population = readNpy(join(checkpoint, 'population.npy'));
    const lane = saved.living.findIndex((i: { id: number }) => i.id === id);
    const n = population.shape[1];
    const theta = population.data.subarray(lane * n, (lane + 1) * n);
    let mean = 0;
    for (const v of theta) mean += v / n;
    let ss = 0;
    for (const v of theta) ss += (v - mean) ** 2;
    expect(m.metrics.r2).toBeCloseTo(1 - m.metrics.lsr / ss, 4);
    expect(m.verdict).toBe(m.metrics.r2 < 0.1 ? 'trivial' : m.metrics.r2 >= 0.99 ? 'genuine' : 'partial');

    // The checkpoint folder works as well as the run directory.
    const same = cli(['inspect', checkpoint, '--id', String(id), '--backend', 'wasm']);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/metric\s+recomputed\s+logged/);
    expect(same.stdout).toMatch(/verdict \(ours, by r2\)\s+(trivial|partial|genuine)/);
  });

  it('inspect names what a checkpoint holds when the id has no saved weights', () => {
    const dead = cli(['inspect', runDir, '--id', '0']);
    const missing = cli(['inspect', runDir, '--id', '100000']);
    for (const r of [dead, missing]) {
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/it holds 4 individuals: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    // Founder 0 may have survived as an elite; the message then would not be the "not alive" one.
    expect(missing.stderr).toMatch(/this run has no individual 100000/);
  });

  it('figures --theme dark --png writes dark SVGs and PNGs that decode', () => {
    const r = cli(['figures', runDir, '--theme', 'dark', '--png', '--backend', 'wasm']);
    expect(r.status, r.stderr).toBe(0);
    for (const name of ['accuracy', 'triviality', 'muller']) {
      const svg = readFileSync(join(runDir, 'figures', `${name}.svg`), 'utf8');
      expect(svg).toContain(`fill="${THEMES.dark.background}"`);
      expect(svg).toMatch(/evo\/default · seed 3 · run of \d{4}-\d\d-\d\d · Quinarium \d+\.\d+\.\d+/);
      const png = new Uint8Array(readFileSync(join(runDir, 'figures', `${name}.png`)));
      expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      const image = decodePng(png);
      expect(image.width).toBeGreaterThan(600);
      expect(image.pixel(0, 0).map((c) => c.toString(16).padStart(2, '0')).join('')).toBe(THEMES.dark.background.slice(1));
    }
    expect(existsSync(join(runDir, 'figures', 'pareto.png'))).toBe(true);
    const bad = cli(['figures', runDir, '--theme', 'sepia']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--theme/);
  });

  it("inspect of a paper run directory points to its lane checkpoints", () => {
    const paper = join(out, 'paper-run');
    mkdirSync(join(paper, 'checkpoints', '0'), { recursive: true });
    writeFileSync(join(paper, 'manifest.json'), JSON.stringify({ format: 'quinarium-run/1', kind: 'paper', name: 'paper/regeneration', created: '2026-12-05T00:00:00.000Z' }));
    writeFileSync(join(paper, 'config.json'), '{}');
    const r = cli(['inspect', paper]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`is a paper run directory: inspect one of its checkpoints (${join(paper, 'checkpoints', '0')})`);
  });
});
