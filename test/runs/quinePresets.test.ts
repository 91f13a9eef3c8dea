import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../src/engine/scenarios/registry';
import { lrMultiplier, validatePaperConfig } from '../../src/engine/scenarios/paperConfig';
import { resolveArms } from '../../src/engine/runs/paperSession';
import { readNpy, writeNpy } from '../../src/engine/store/npy';
import { regenerated } from '../../src/engine/train/regeneration';

const bin = join(__dirname, '../../bin/quinarium.mjs');
const run = (args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8' });

const sumSq = (x: ArrayLike<number>, from = 0, to = x.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return s;
};

describe('regenerated: plain, damped and projective regeneration', () => {
  const theta = Float32Array.from({ length: 30 }, (_, i) => Math.sin(i + 1));
  const f = Float32Array.from({ length: 30 }, (_, i) => 3 * Math.cos(2 * i));
  const blocks = [{ offset: 0, size: 10 }, { offset: 10, size: 20 }];

  it("none, β = 1 is the paper's θ ← f exactly", () => {
    expect(regenerated(theta, f, { normalise: 'none', beta: 1 }, blocks)).toEqual(f);
  });

  it('β mixes: g = (1 − β)·θ + β·f', () => {
    const g = regenerated(theta, f, { normalise: 'none', beta: 0.25 }, blocks);
    for (let i = 0; i < 30; i++) expect(g[i]).toBeCloseTo(0.75 * theta[i] + 0.25 * f[i], 6);
  });

  it('global keeps ‖θ‖ and points along g; per-block keeps every block at its own norm', () => {
    const g = regenerated(theta, f, { normalise: 'global', beta: 0.5 }, blocks);
    expect(Math.sqrt(sumSq(g))).toBeCloseTo(Math.sqrt(sumSq(theta)), 5);
    const mix = Array.from(theta, (t, i) => 0.5 * t + 0.5 * f[i]);
    const k = g[0] / mix[0];
    for (let i = 0; i < 30; i++) expect(g[i]).toBeCloseTo(k * mix[i], 5);
    const b = regenerated(theta, f, { normalise: 'per-block', beta: 1 }, blocks);
    expect(sumSq(b, 0, 10)).toBeCloseTo(sumSq(theta, 0, 10), 5);
    expect(sumSq(b, 10, 30)).toBeCloseTo(sumSq(theta, 10, 30), 5);
    expect(b[0] / f[0]).not.toBeCloseTo(b[10] / f[10], 3);
  });
});

describe('config of the methods beyond the paper: one clear line per bad value', () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ regeneration: { beta: 0 } }, /^config\.regeneration\.beta: expected a number in \(0, 1\], got 0$/],
    [{ regeneration: { beta: 1.5 } }, /^config\.regeneration\.beta: expected a number in \(0, 1\], got 1\.5$/],
    [{ regeneration: { normalise: 'sphere' } }, /config\.regeneration\.normalise: .*"sphere"/],
    [{ loss: { replication: 'l1' } }, /config\.loss\.replication: .*"l1"/],
    [{ model: { activation: 'tanh' } }, /config\.model\.activation: .*"tanh"/],
    [{ lrSteps: '20,10' }, /config\.lrSteps: expected increasing epochs/],
    [{ lrSteps: 'ten' }, /config\.lrSteps/],
    [{ method: 'newton', model: { kind: 'auxiliary' } }, /config\.method: "newton" cannot be used with config\.model\.kind "auxiliary"/],
    [{ newton: { krylov: 0 } }, /config\.newton\.krylov/],
  ];
  for (const [input, message] of bad) {
    it(`${JSON.stringify(input)}`, () => {
      expect(() => validatePaperConfig(input, 'config')).toThrow(message);
    });
  }

  it('a step-down schedule multiplies the lr by the factor after each listed epoch', () => {
    const c = validatePaperConfig({ lrSteps: '10, 20', lrFactor: 0.1 }, 'config');
    expect([1, 10, 11, 20, 21, 50].map((e) => lrMultiplier(c, e))).toEqual([1, 1, 0.1, 0.1, 0.1 ** 2, 0.1 ** 2]);
    expect(lrMultiplier(validatePaperConfig({}, 'config'), 99)).toBe(1);
  });

  it('quine/survival without --from says what to give it', () => {
    expect(() => resolveArms(findScenario('quine/survival'))).toThrow(/config\.from: quine\/survival starts from a genuine quine.*--from/);
  });

  it('a --from that is not there, or is not a checkpoint folder, is named', () => {
    expect(() => resolveArms(findScenario('quine/survival'), { from: '/nonexistent/quine' })).toThrow(/config\.from: "\/nonexistent\/quine" does not exist/);
    const empty = mkdtempSync(join(tmpdir(), 'quinarium-from-'));
    expect(() => resolveArms(findScenario('quine/survival'), { from: empty })).toThrow(/config\.from: no checkpoint .*0 for lane 0/);
  });
});

describe('quine/newton finds a genuine quine; quine/survival keeps it', () => {
  const out = mkdtempSync(join(tmpdir(), 'quinarium-quine-'));
  let runDir = '';

  it('quine/newton (1 seed): r2 ≥ 0.999 with RMS θ ≥ 0.03, stages counted on, only the last stage checkpointed', () => {
    const r = run(['run', 'quine/newton', '--seeds', '1', '--backend', 'wasm', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const newton = summary.runs.find((x: { arm: string }) => x.arm === 'newton');
    expect(newton.final.r2).toBeGreaterThanOrEqual(0.999);
    expect(newton.final.rmsTheta).toBeGreaterThanOrEqual(0.03);
    // The paper's L_SR would call the projective state (corr 1, gain κ ≫ 1) a failure and r2 agrees: it is not yet a quine.
    const projective = summary.runs.find((x: { arm: string }) => x.arm === 'projective');
    expect(projective.final.corr).toBeGreaterThan(0.999);
    expect(projective.final.r2).toBeLessThan(0.5);
    runDir = readdirSync(out).map((d) => join(out, d)).find((d) => d.includes('quine-newton'))!;
    const rows = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const epochs = (arm: string) => rows.filter((x) => x.arm === arm && x.phase !== 'initial').map((x) => x.epoch);
    expect(epochs('optimise')).toEqual([1]);
    expect(epochs('projective')).toEqual(Array.from({ length: 20 }, (_, i) => 2 + i));
    expect(epochs('newton')).toEqual(Array.from({ length: 10 }, (_, i) => 22 + i));
    const solverRows = rows.filter((x) => x.arm === 'newton' && x.phase === 'epoch');
    expect(solverRows[0].krylov).toBeGreaterThan(0);
    expect(readdirSync(join(runDir, 'checkpoints'))).toEqual(['0']);
    expect(existsSync(join(runDir, 'figures', 'r2.svg'))).toBe(true);
    expect(existsSync(join(runDir, 'figures', 'rms-theta.svg'))).toBe(true);
  }, 240_000);

  it('its r2 is recomputable with numpy alone from theta.npy, P.npy and model.json', () => {
    const ck = join(runDir, 'checkpoints', '0');
    const script = `
import json, sys, numpy as np
d = sys.argv[1]
m = json.load(open(d + '/model.json'))
t = np.load(d + '/theta.npy').astype(np.float64)
P = np.load(d + '/P.npy').astype(np.float64)
b = {x['name']: x for x in m['layout']}
W = lambda n: t[b[n]['offset']:b[n]['offset'] + b[n]['shape'][0] * b[n]['shape'][1]].reshape(b[n]['shape'])
selu = lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0)))
f = (selu(selu(P @ W('W1').T) @ W('W2').T) @ W('Wout').T)[:, 0]
print(json.dumps({'r2': 1 - np.sum((f - t) ** 2) / np.sum((t - t.mean()) ** 2), 'rms': float(np.sqrt(np.mean(t ** 2))), 'spec': m['spec']}))
`;
    const py = spawnSync('/usr/bin/python3', ['-c', script, ck], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const got = JSON.parse(py.stdout);
    expect(got.spec).toMatchObject({ kind: 'vanilla', activation: 'selu', weightNorm: 'none' });
    expect(got.r2).toBeGreaterThanOrEqual(0.999);
    expect(got.rms).toBeGreaterThanOrEqual(0.03);
  });

  it('quine/survival --from it: plain regeneration loses the quine, damped projective keeps r2 ≥ 0.999 and ‖θ‖ within 10 %', () => {
    const r = run(['run', 'quine/survival', '--from', runDir, '--seeds', '1', '--epochs', '30', '--backend', 'wasm', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    const arm = (name: string) => summary.runs.find((x: { arm: string }) => x.arm === name);
    expect(arm('damped').final.r2).toBeGreaterThanOrEqual(0.999);
    expect(Math.abs(arm('damped').final.rmsTheta / arm('damped').initial.rmsTheta - 1)).toBeLessThan(0.1);
    expect(arm('damped').initial.r2).toBeGreaterThanOrEqual(0.999);
    expect(arm('plain').final.r2).toBeLessThan(0.99);
  }, 240_000);

  it('a --from lane whose seed is not its checkpoint\'s is refused, naming the seed to use', () => {
    const r = run(['run', 'quine/survival', '--from', runDir, '--seed', '5', '--seeds', '1', '--backend', 'wasm', '--out', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/config\.from: .* was made with seed 0, but lane 0 has seed 5: pass --seed 0/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a Newton run from a diverged checkpoint is refused with one line', () => {
    const bad = join(out, 'diverged');
    cpSync(join(runDir, 'checkpoints', '0'), bad, { recursive: true });
    const t = readNpy(join(bad, 'theta.npy')).data as Float32Array;
    writeNpy(join(bad, 'theta.npy'), t.map((x) => x * 1e4), [t.length]);
    const r = run(['run', 'paper/adamax-100', '--method', 'newton', '--epochs', '2', '--from', bad, '--seeds', '1', '--backend', 'wasm', '--out', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/"newton" needs a finite starting state, but lane 0 \(seed 0\) starts diverged/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
