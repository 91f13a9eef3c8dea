import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../../src/engine/store/npy';

const bin = join(__dirname, '../../bin/quinarium.mjs');
const tiny = ['--threads', '1', '--population', '4', '--lifetime-steps', '2', '--evaluation-validation', '200', '--checkpoint-every', '2', '--seed', '7', '--backend', 'wasm'];
const cli = (args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8' });
const runDirIn = (out: string) => join(out, readdirSync(out)[0]);
const text = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const LOGS = ['lineage.csv', 'generations.jsonl', 'events.jsonl'];
const withoutSeconds = (s: Record<string, unknown>) => { const { seconds: _s, ...rest } = s; return rest; };

describe('resume: locked, exact, never finishing a run twice', () => {
  const base = mkdtempSync(join(tmpdir(), 'quinarium-resume-'));
  let six: string;
  let nine: string;

  beforeAll(() => {
    for (const [name, generations] of [['six', '6'], ['nine', '9']]) {
      const r = cli(['evolve', ...tiny, '--generations', generations, '--out', join(base, name)]);
      expect(r.status, r.stderr).toBe(0);
    }
    six = runDirIn(join(base, 'six'));
    nine = runDirIn(join(base, 'nine'));
  }, 600_000); // two runs: room for a loaded machine

  const copy = (name: string) => {
    const dir = join(base, name);
    cpSync(six, dir, { recursive: true });
    return dir;
  };

  // Before: `resume` on a complete run finished it again and wrote "best": null.
  it('leaves a complete run alone: exit 0, one line, summary.json and the logs untouched', () => {
    const dir = copy('complete');
    const before = Object.fromEntries([...LOGS, 'summary.json'].map((f) => [f, text(dir, f)]));
    const r = cli(['resume', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/is complete \(6 generations, summary\.json written\); nothing to do/);
    for (const f of Object.keys(before)) expect(text(dir, f), f).toBe(before[f]);
    expect(JSON.parse(text(dir, 'summary.json')).best).not.toBeNull();
  }, 600_000);

  // Before: a run killed between its last checkpoint and summary.json got "best": null.
  it('finishes a run killed before its summary with the same best individual', () => {
    const dir = copy('no-summary');
    const summary = JSON.parse(text(dir, 'summary.json'));
    rmSync(join(dir, 'summary.json'));
    const r = cli(['resume', dir, '--threads', '1']);
    expect(r.status, r.stderr).toBe(0);
    const again = JSON.parse(text(dir, 'summary.json'));
    expect(again.best).toEqual(summary.best);
    expect(again.best.id).toEqual(expect.any(Number));
    expect(withoutSeconds(again.final)).toEqual(withoutSeconds(summary.final));
    for (const f of LOGS) expect(text(dir, f), f).toBe(text(six, f));
  }, 600_000);

  // Before: the last generation of the 6-generation run never reproduced, so the extension differed, and config.json kept 6.
  it('--generations 9 on a complete 6-generation run gives a fresh 9-generation run, byte for byte, and records 9', () => {
    const dir = copy('extended');
    const r = cli(['resume', dir, '--generations', '9', '--threads', '1']);
    expect(r.status, r.stderr).toBe(0);
    for (const f of LOGS) expect(text(dir, f), f).toBe(text(nine, f));
    expect(JSON.parse(text(dir, 'config.json')).config.generations).toBe(9);
    // The final population is the extended run's, byte for byte the fresh run's (the 6-generation one's is gone).
    const finalPopulation = (d: string) => readFileSync(join(d, 'checkpoints', 'final', 'population.npy'));
    expect(JSON.parse(text(dir, 'checkpoints/final/state.json')).generation).toBe(9);
    expect(finalPopulation(dir).equals(finalPopulation(nine))).toBe(true);
    expect(finalPopulation(dir).equals(finalPopulation(six))).toBe(false);
    const a = JSON.parse(text(dir, 'summary.json'));
    const b = JSON.parse(text(nine, 'summary.json'));
    expect(withoutSeconds({ ...a, final: withoutSeconds(a.final) })).toEqual(withoutSeconds({ ...b, final: withoutSeconds(b.final) }));
    const shorter = cli(['resume', dir, '--generations', '4']);
    expect(shorter.stderr).toMatch(/ran all its 9 generations; --generations 4 would shorten it/);
  }, 600_000);

  // Before: two resumes of one run both exited 0, and the second cut away the first one's generations.
  it('gives a second process on the same run one clear error, and the first run completes', async () => {
    const dir = copy('two');
    const first = spawn('node', [bin, 'resume', dir, '--generations', '8', '--threads', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise<number | null>((r) => first.on('exit', (code) => r(code)));
    const lock = join(dir, 'run.lock');
    for (let i = 0; i < 600 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(lock), 'the first resume never took the lock').toBe(true);
    const second = cli(['resume', dir, '--generations', '10']);
    expect(second.status).toBe(2);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toMatch(new RegExp(`is locked by resume \\(pid ${first.pid} on .*another process is writing this run`));
    expect(await exited).toBe(0);
    expect(text(dir, 'generations.jsonl').trim().split('\n')).toHaveLength(8);
    expect(JSON.parse(text(dir, 'config.json')).config.generations).toBe(8);
    expect(existsSync(lock)).toBe(false);
  }, 600_000);

  const latest = (dir: string) => join(dir, 'checkpoints', JSON.parse(text(dir, 'checkpoints/latest.json')).checkpoint);
  const refused = (dir: string, pattern: RegExp, extra: string[] = []) => {
    rmSync(join(dir, 'summary.json'), { force: true }); // an unfinished run
    const r = cli(['resume', dir, ...extra]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  };

  // Before: "generation": "abc" made resume loop forever.
  it('refuses a state.json whose generation is not a number', () => {
    const dir = copy('abc');
    const path = join(latest(dir), 'state.json');
    writeFileSync(path, text(dir, path.slice(dir.length + 1)).replace(/"generation": \d+/, '"generation": "abc"'));
    refused(dir, /state\.json: generation: expected an integer in \[0, 1000000\], got "abc"/);
  }, 600_000);

  // Before: config.json without its config key resumed silently with the defaults (population 32).
  it('refuses a config.json without its config', () => {
    const dir = copy('no-config');
    const saved = JSON.parse(text(dir, 'config.json'));
    delete saved.config;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(saved));
    refused(dir, /config\.json: missing "config" \(the resolved config the run was made with\)/);
  }, 600_000);

  // Before: an edited seed, population or σ was applied silently to the half-done run.
  it('refuses a config.json edited since the checkpoint unless --force', () => {
    const dir = copy('edited');
    const saved = JSON.parse(text(dir, 'config.json'));
    saved.config.mutation.sigma = 0.5;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(saved));
    refused(dir, /config\.json: its config is not the one the checkpoint of generation 5 was made with .*--force/);
    const forced = cli(['resume', dir, '--force', '--threads', '1']);
    expect(forced.status, forced.stderr).toBe(0);
  }, 600_000);

  // Before: latest.json could point anywhere, e.g. outside the run.
  it('refuses a pointer to anything but a gen-NNNNNN folder of the run', () => {
    const dir = copy('evil');
    writeFileSync(join(dir, 'checkpoints', 'latest.json'), JSON.stringify({ checkpoint: '../../../evil' }));
    refused(dir, /latest\.json: "checkpoint" must name a folder gen-NNNNNN \(six digits\) inside .*, got "\.\.\/\.\.\/\.\.\/evil"/);
  }, 600_000);

  // Before: NaN written into population.npy ran on.
  it('refuses changed weights, and non-finite weights the checkpoint does not record as diverged', () => {
    const dir = copy('nan');
    const pop = join(latest(dir), 'population.npy');
    const a = decodeNpy(readFileSync(pop), pop);
    (a.data as Float32Array)[123] = NaN;
    const bytes = encodeNpy(a.data, a.shape);
    writeFileSync(pop, bytes);
    refused(dir, /population\.npy: its SHA-256 is not the one state\.json recorded/);
    // The same NaN with a matching hash (a deliberate edit): refused for what it is.
    const statePath = join(latest(dir), 'state.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    state.population.sha256 = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(statePath, JSON.stringify(state));
    refused(dir, /population\.npy: weight 123 of individual \d+ \(row 0\) is NaN, and the checkpoint does not record it as diverged/);
  }, 600_000);
});
