import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presets } from '../../src/engine/presets/registry';
import { readNpy } from '../../src/engine/store/npy';

const bin = join(__dirname, '../../bin/quinarium.mjs');
const run = (args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8' });

describe('quinarium run (paper scenarios)', () => {
  const out = mkdtempSync(join(tmpdir(), 'quinarium-cli-'));

  it('lists every paper scenario and every evolution preset, each with its kind', () => {
    const list = JSON.parse(execFileSync('node', [bin, 'scenarios', '--json'], { encoding: 'utf8' })) as { name: string; kind: string; title: string; summary: string }[];
    expect(list.map((s) => [s.name, s.kind])).toEqual([
      ...['paper/initial-loss', 'paper/optimizers', 'paper/adamax-100', 'paper/hill-climbing', 'paper/regeneration',
        'paper/zero-quine', 'paper/auxiliary', 'paper/classifier', 'paper/direct-coordinate',
        'quine/regeneration-he', 'quine/relative-loss', 'quine/projective', 'quine/newton', 'quine/weight-normalised', 'quine/survival', 'quine/auxiliary-genuine'].map((name) => [name, 'paper']),
      ...['evo/default', 'evo/task-only', 'evo/replication-only', 'evo/pareto', 'evo/no-learning', 'evo/scale-free', 'evo/baldwin', 'evo/genuine', 'evo/innate', 'evo/genuine-zero-transmission', 'evo/genuine-cross-parent', 'evo/genuine-shuffled-parents', 'evo/default-zero-transmission', 'evo/default-cross-parent', 'evo/default-shuffled-parents'].map((name) => [name, 'evolution']),
    ]);
    // The same list the engine's registry (and so the app's preset catalogue) holds.
    expect(list.map((s) => s.name)).toEqual(presets.map((p) => p.name));
    for (const s of list) expect(s.title.length * s.summary.length).toBeGreaterThan(0);
    const table = execFileSync('node', [bin, 'scenarios'], { encoding: 'utf8' });
    expect(table).toMatch(/paper\/adamax-100\s+paper\s/);
    expect(table).toMatch(/evo\/pareto\s+evolution\s/);
  });

  let summary: Record<string, any>;
  let runDir: string;

  it('runs paper/initial-loss over 2 seeds and writes a complete run directory', () => {
    const r = run(['run', 'paper/initial-loss', '--seeds', '2', '--backend', 'wasm', '--out', join(out, 'init'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    [runDir] = readdirSync(join(out, 'init')).map((d) => join(out, 'init', d));
    expect(summary.scenario).toBe('paper/initial-loss');
    expect(summary.backend).toBe('wasm');
    expect(summary.paramCount).toBe(20100);
    expect(summary.runs.map((x: any) => x.seed)).toEqual([0, 1]);
    // SPEC reference: 94.3 ± 4.6 over 5 seeds (torch-default).
    for (const x of summary.runs) expect(x.initial.lsr).toBeGreaterThan(75), expect(x.initial.lsr).toBeLessThan(115);
    expect(summary.aggregate.main['initial.lsr'].n).toBe(2);
    expect(summary.paper['initial.lsr']).toBe(90.16);
    expect(r.stderr).toMatch(/initial L_SR\s+\d+\.\d+ ± \d/);
    const config = JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8'));
    expect(config.arms[0].config.model.init).toBe('torch-default');
    const rows = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => [x.lane, x.phase])).toEqual([[0, 'initial'], [1, 'initial']]);
    expect(existsSync(join(runDir, 'figures', 'weights.svg'))).toBe(true);
  });

  it('saves checkpoints numpy can read and that `inspect` recomputes to the same metrics', () => {
    const ck = join(runDir, 'checkpoints', '1');
    const theta = readNpy(join(ck, 'theta.npy'));
    expect(theta.shape).toEqual([20100]);
    expect(readNpy(join(ck, 'P.npy')).shape).toEqual([20100, 100]);
    const model = JSON.parse(readFileSync(join(ck, 'model.json'), 'utf8'));
    expect(model.layout.map((b: any) => [b.name, b.offset])).toEqual([['W1', 0], ['W2', 10000], ['Wout', 20000]]);
    const r = run(['inspect', ck, '--json', '--backend', 'wasm']);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout.trim());
    expect(m.lsr).toBeCloseTo(summary.runs[1].final.lsr, 6);
  });

  it('probe reports radial gain, spectra and half-lives of a saved network, and refuses bad flags', () => {
    const ck = join(runDir, 'checkpoints', '1');
    const r = run(['probe', ck, '--json', '--backend', 'wasm', '--krylov', '6', '--top', '3', '--generations', '3']);
    expect(r.status, r.stderr).toBe(0);
    const p = JSON.parse(r.stdout.trim());
    expect(p.n).toBe(20100);
    expect(p.backend).toBe('wasm');
    // An untrained torch-default network is no quine: its r2 is what inspect reports.
    const m = JSON.parse(run(['inspect', ck, '--json', '--backend', 'wasm']).stdout.trim());
    expect(p.r2).toBeCloseTo(m.r2, 3);
    expect(p.spectrum.top).toHaveLength(3);
    expect(p.tangentSpectrum.top).toHaveLength(3);
    expect(p.halfLives.map((h: any) => h.rule)).toEqual(['plain', 'projective', 'damped']);
    for (const h of p.halfLives) expect(h.corr.length).toBeLessThanOrEqual(3);
    const table = run(['probe', ck, '--backend', 'wasm', '--krylov', '4', '--top', '2', '--generations', '2']);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/radial gain ⟨Jθ̂, θ̂⟩ = /);
    expect(table.stdout).toMatch(/replication half-life/);
    const bad = run(['probe', ck, '--krylov', '0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--krylov: expected 1…20100/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('inspect gives one clear error for a damaged checkpoint', () => {
    const ck = join(runDir, 'checkpoints', '0');
    writeFileSync(join(ck, 'theta.npy'), Buffer.from('not a numpy file'));
    const r = run(['inspect', ck]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/theta\.npy: .*magic/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('regeneration logs L_SR after the optimisation epoch and after regeneration', () => {
    const r = run(['run', 'paper/regeneration', '--epochs', '1', '--backend', 'wasm', '--out', join(out, 'regen'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const [dir] = readdirSync(join(out, 'regen')).map((d) => join(out, 'regen', d));
    const rows = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.phase)).toEqual(['initial', 'optimised', 'regenerated']);
    // Regeneration replaces θ by its predictions: L_SR drops far below the initial ~94.
    expect(rows[2].lsr).toBeLessThan(rows[0].lsr / 5);
    expect(s.runs[0].best.epoch).toBe(1);
    expect(typeof s.runs[0].final.corr).toBe('number');
    expect(typeof s.runs[0].final.meanAbsTheta).toBe('number');
  });

  it('pure regeneration (T = 0) shrinks the weights toward the zero quine', () => {
    const r = run(['run', 'paper/zero-quine', '--epochs', '3', '--backend', 'wasm', '--out', join(out, 'zero'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const [dir] = readdirSync(join(out, 'zero')).map((d) => join(out, 'zero', d));
    const rows = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const theta = rows.map((x) => x.meanAbsTheta);
    expect(theta.length).toBeGreaterThan(1);
    for (let i = 1; i < theta.length; i++) expect(theta[i]).toBeLessThan(theta[i - 1]);
  });

  // SGD at lr 100 blows the vanilla quine up in its first epoch: a diverged lane is a
  // result (SPEC), drawn and tabled, but a run whose every lane diverged is no success
  // (it used to exit 0, and its weights figure crashed on the null L_SR; issue 11).
  it('a run whose every lane diverged writes its figures and table, then exits 3 with one line', () => {
    const dir = join(out, 'diverged');
    const r = run(['run', 'paper/adamax-100', '--epochs', '2', '--optimizer', 'sgd', '--lr', '100', '--out', dir]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/every lane diverged \(seed 0 at epoch 1\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const [d] = readdirSync(dir);
    expect(readFileSync(join(dir, d, 'figures', 'weights.svg'), 'utf8')).toMatch(/L_SR = not finite \(diverged\)/);
    expect(JSON.parse(readFileSync(join(dir, d, 'summary.json'), 'utf8')).runs[0].diverged).toBe(1);
  });

  it('names a missing data file clearly and leaves no run directory behind', () => {
    const r = run(['run', 'paper/auxiliary', '--data-dir', join(out, 'no-such-dir'), '--epochs', '1', '--out', join(out, 'nodata')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing file train-images-idx3-ubyte \(looked for train-images-idx3-ubyte or train-images-idx3-ubyte\.gz/);
    expect(existsSync(join(out, 'nodata'))).toBe(false);
  });

  it('gives the same numbers whether the seed lanes run in one thread or two', () => {
    const rows = (threads: string) => {
      const dir = join(out, `threads-${threads}`);
      const r = run(['run', 'paper/adamax-100', '--epochs', '1', '--seeds', '2', '--threads', threads, '--backend', 'wasm', '--out', dir]);
      expect(r.status, r.stderr).toBe(0);
      const [d] = readdirSync(dir);
      return readFileSync(join(dir, d, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => { const o = JSON.parse(l); delete o.seconds; return o; });
    };
    const one = rows('1');
    expect(one.map((r) => [r.lane, r.epoch])).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]]);
    expect(rows('2')).toEqual(one);
  });

  it('rejects an unknown scenario and a bad flag with one clear line', () => {
    const a = run(['run', 'paper/adamx-100']);
    expect(a.status).toBe(2);
    expect(a.stderr).toMatch(/unknown scenario "paper\/adamx-100" \(did you mean "paper\/adamax-100"\?\)/);
    const b = run(['run', 'paper/adamax-100', '--optimizer', 'adamx']);
    expect(b.status).toBe(2);
    expect(b.stderr).toMatch(/adamx.*did you mean.*adamax/);
    const c = run(['run', 'paper/adamax-100', '--batch-size', '7', '--epochs', '1', '--out', join(out, 'bad')]);
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/config\.batchSize: must divide N = 20100, got 7/);
    expect(`${a.stderr}${b.stderr}${c.stderr}`).not.toMatch(/\n\s+at /);
  });

  // Two combinations no single field's check sees: each refused before any run directory exists.
  it('refuses regeneration of the auxiliary quine and the classifier baseline on the vanilla quine', () => {
    const a = run(['run', 'paper/auxiliary', '--method', 'regenerate', '--epochs', '1', '--out', join(out, 'aux-regen')]);
    expect(a.status).toBe(2);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    expect(a.stderr).toMatch(/config\.method: "regenerate" cannot be used with config\.model\.kind "auxiliary"/);
    const b = run(['run', 'paper/adamax-100', '--method', 'classifier', '--epochs', '1', '--out', join(out, 'vanilla-classifier')]);
    expect(b.status).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toMatch(/config\.method: "classifier" needs config\.model\.kind "auxiliary", got "vanilla"/);
    expect(existsSync(join(out, 'aux-regen'))).toBe(false);
    expect(existsSync(join(out, 'vanilla-classifier'))).toBe(false);
  });
});
