import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { quinarium } from '../faults/faultRun';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const bin = join(__dirname, '../../bin/quinarium.mjs');
const args = ['run', 'paper/adamax-100', '--epochs', '3', '--seeds', '2', '--batch-size', '100', '--checkpoint-every', '2', '--threads', '1', '--backend', 'wasm'];
const cli = (a: string[]) => spawnSync('node', [bin, ...a], { encoding: 'utf8' });
const runDirIn = (out: string) => join(out, readdirSync(out)[0]);
const text = (dir: string, f: string) => readFileSync(join(dir, f), 'latin1');

describe('paper runs stop cleanly and resume', () => {
  const base = mkdtempSync(join(tmpdir(), 'quinarium-paper-resume-'));
  let reference: string;

  beforeAll(() => {
    const r = cli([...args, '--out', join(base, 'reference')]);
    expect(r.status, r.stderr).toBe(0);
    reference = runDirIn(join(base, 'reference'));
  }, 600_000);

  // Before: a paper run exited at once on Ctrl-C, and had no checkpoint and no resume.
  it('Ctrl-C stops after the epoch with a checkpoint; resume gives the uninterrupted files', async () => {
    const out = join(base, 'stopped');
    const child = spawn('node', [bin, ...args, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Interrupt once the first epoch's rows are written.
    for (let i = 0; i < 6000; i++) {
      const dir = existsSync(out) ? readdirSync(out)[0] : undefined;
      if (dir && existsSync(join(out, dir, 'metrics.jsonl')) && readFileSync(join(out, dir, 'metrics.jsonl'), 'utf8').includes('"epoch":1')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/stopping after this epoch \(checkpointing\)/);
    expect(stderr).toMatch(/stopped; continue with: quinarium resume /);
    const dir = runDirIn(out);
    expect(JSON.parse(text(dir, 'summary.json')).complete).toBe(false);
    expect(existsSync(join(dir, 'checkpoints', 'resume', 'latest.json'))).toBe(true);
    expect(existsSync(join(dir, 'run.lock'))).toBe(false);
    const resumed = cli(['resume', dir, '--threads', '1']);
    expect(resumed.status, resumed.stderr).toBe(0);
    for (const f of ['metrics.jsonl', 'checkpoints/0/theta.npy', 'checkpoints/1/theta.npy']) expect(text(dir, f) === text(reference, f), f).toBe(true);
    expect(JSON.parse(text(dir, 'summary.json')).complete).toBe(true);
    // A complete run keeps its results only: nothing to resume from.
    expect(readdirSync(join(dir, 'checkpoints')).sort()).toEqual(['0', '1']);
    const again = cli(['resume', dir]);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/is complete \(summary\.json written\); nothing to do/);
  }, 600_000);

  it('refuses arms edited since the checkpoint unless --force, and a tampered optimiser slot', () => {
    // An unfinished run with a checkpoint after unit 3 (epoch 2): killed as it writes its summary.
    const out = join(base, 'edited');
    const killed = quinarium([...args, '--out', out], out, { match: '^rename /[^/]+/summary\\.json$' });
    expect(killed.signal).toBe('SIGKILL');
    const dir = runDirIn(out);
    expect(readdirSync(join(dir, 'checkpoints', 'resume'))).toContain('step-000003');
    const config = JSON.parse(text(dir, 'config.json'));
    config.arms[0].config.seed = 5;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const r = cli(['resume', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/config\.json: its arms are not the ones the checkpoint after unit \d+ was made with .*--force/);
    config.arms[0].config.seed = 0;
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const step = JSON.parse(text(dir, 'checkpoints/resume/latest.json')).checkpoint;
    const slot = readdirSync(join(dir, 'checkpoints', 'resume', step)).find((f) => f.startsWith('optimizer-'))!;
    const bytes = readFileSync(join(dir, 'checkpoints', 'resume', step, slot));
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(join(dir, 'checkpoints', 'resume', step, slot), bytes);
    const t = cli(['resume', dir]);
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(new RegExp(`${slot.replace('.', '\\.')}: its SHA-256 is not the one state\\.json recorded`));
  }, 600_000);
});
