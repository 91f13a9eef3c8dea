import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAlifeCsv } from '../../src/engine/evolve/lineage/alifeCsv';
import { exportLineage, lineageFromAlifeRows } from '../../src/engine/evolve/lineage/exportLineage';
import { exportRunDirectoryLineage } from '../../src/hosts/lineageExport';
import { EXPORT_FORMATS } from '../../src/protocol/names';
import { seededStream } from '../../src/engine/random/streams';
import { readNpy } from '../../src/engine/store/npy';

const bin = join(__dirname, '../../bin/quinarium.mjs');
// A tiny but real evolution: 4 individuals, 5 lifetime steps, 1,000 validation images.
const tiny = ['--threads', '2', '--population', '4', '--generations', '6', '--lifetime-steps', '5', '--evaluation-validation', '1000', '--checkpoint-every', '2', '--seed', '7', '--backend', 'wasm'];

function evolve(out: string, extra: string[] = []): string {
  execFileSync('node', [bin, 'evolve', ...tiny, '--out', out, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  return runDirIn(out);
}

function runDirIn(out: string): string {
  const [dir] = readdirSync(out);
  return join(out, dir);
}

/** The logs of a run as bytes: wall-clock time lives in timings.jsonl, so these are reproducible to the byte. */
function contents(dir: string) {
  const text = (f: string) => readFileSync(join(dir, f), 'utf8');
  return {
    lineage: text('lineage.csv'),
    abundance: text('abundance.csv'),
    generationsText: text('generations.jsonl'),
    generations: text('generations.jsonl').trim().split('\n').map((l) => JSON.parse(l)),
    events: text('events.jsonl'),
  };
}

describe('evolution run', () => {
  const base = mkdtempSync(join(tmpdir(), 'quinarium-evo-'));
  let reference: ReturnType<typeof contents>;

  it('writes a complete run directory with a valid ALife lineage', () => {
    const dir = evolve(join(base, 'a'));
    reference = contents(dir);
    for (const f of ['config.json', 'summary.json', 'lineage.csv', 'abundance.csv', 'generations.jsonl', 'events.jsonl', 'figures/accuracy.svg', 'figures/replication.svg', 'figures/pareto.svg', 'figures/muller.svg', 'figures/triviality.svg', 'figures/inheritance.svg', 'figures/price.svg', 'checkpoints/latest.json']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(reference.generations.map((g) => g.generation)).toEqual([0, 1, 2, 3, 4, 5]);
    // No wall-clock field in the reproducible logs: each generation's seconds are in timings.jsonl.
    expect(reference.generations.some((g) => 'seconds' in g)).toBe(false);
    const timings = readFileSync(join(dir, 'timings.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(timings.map((t) => t.generation)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const t of timings) expect(t.seconds).toBeGreaterThan(0);
    // Heritability comes with its bootstrap interval and permutation p, or with none of them.
    for (const g of reference.generations as any[]) {
      if (g.heritability === null) expect([g.heritabilityLow, g.heritabilityHigh, g.heritabilityP]).toEqual([null, null, null]);
      else {
        expect(g.heritabilityP).toBeGreaterThan(0);
        expect(g.heritabilityP).toBeLessThanOrEqual(1);
        expect(g.heritabilityLow).toBeLessThanOrEqual(g.heritabilityHigh);
      }
    }
    const rows = parseAlifeCsv(reference.lineage);
    const ids = new Set(rows.map((r) => r.id));
    expect(ids.size).toBe(rows.length);
    // 4 founders, then 4 − 2 elites = 2 children in each of 5 reproductions.
    expect(rows.length).toBe(4 + 5 * 2);
    for (const r of rows) {
      for (const a of r.ancestors) expect(ids.has(a)).toBe(true);
      if (r.destructionTime !== null) expect(r.originTime).toBeLessThan(r.destructionTime);
    }
    // The final population is alive: exactly `population` rows without destruction time.
    expect(rows.filter((r) => r.destructionTime === null).length).toBe(4);
    // abundance.csv against lineage.csv: each generation, the individuals present
    // (origin ≤ g < destruction) counted by founder, in founder order.
    const root = (id: number): number => { const a = rows.find((r) => r.id === id)!.ancestors; return a.length ? root(a[0]) : id; };
    const expected = ['generation,id,parent,population'];
    for (let g = 0; g < 6; g++) {
      const counts = new Map<number, number>();
      for (const r of rows) if (r.originTime <= g && (r.destructionTime === null || g < r.destructionTime)) counts.set(root(r.id), (counts.get(root(r.id)) ?? 0) + 1);
      for (const [f, c] of [...counts].sort((a, b) => a[0] - b[0])) expected.push(`${g},${f},,${c}`);
    }
    expect(reference.abundance).toBe(`${expected.join('\n')}\n`);
    // The phylogeny statistics are in every row; a one-clade generation has an MRCA, a several-clade one none.
    for (const g of reference.generations as any[]) {
      expect(g.phylogeneticDiversity).toBeGreaterThanOrEqual(0);
      expect(g.sackin).toBeGreaterThanOrEqual(g.population);
      expect(g.mrcaDepth === null).toBe(g.survivingRoots > 1);
      expect(g.cladeShannon).toBeLessThanOrEqual(Math.log(g.survivingRoots) + 1e-12);
    }
  });

  // One exporter: the CLI's `export`, the app's export of a stored run and the run's own
  // export of its live lineage give the same bytes; the ALife CSV export is lineage.csv's
  // rows in birth order (the file holds the dead first, so that it can grow by appending).
  it('exports the same bytes from the CLI and from the app, in every format', () => {
    const dir = runDirIn(join(base, 'a'));
    const live = lineageFromAlifeRows(parseAlifeCsv(reference.lineage));
    for (const format of EXPORT_FORMATS) {
      const cli = execFileSync('node', [bin, 'export', dir, '--format', format], { encoding: 'utf8' });
      expect(exportRunDirectoryLineage(dir, format).content, format).toBe(cli);
      expect(exportLineage(live, format), format).toBe(cli);
      expect(cli.endsWith('\n'), format).toBe(true);
    }
    const exported = execFileSync('node', [bin, 'export', dir], { encoding: 'utf8' });
    const [header, ...rows] = reference.lineage.trimEnd().split('\n');
    const byId = (a: string, b: string) => Number(a.split(',')[0]) - Number(b.split(',')[0]);
    expect(exported).toBe(`${[header, ...rows.sort(byId)].join('\n')}\n`);
    // In the file: every dead row before every living one, the dead by generation of death.
    const deaths = reference.lineage.trimEnd().split('\n').slice(1).map((l) => l.split(',')[4]);
    const firstLiving = deaths.indexOf('inf');
    expect(deaths.slice(firstLiving).every((d) => d === 'inf')).toBe(true);
    expect(deaths.slice(0, firstLiving).map(Number)).toEqual(deaths.slice(0, firstLiving).map(Number).sort((a, b) => a - b));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'quinarium-run/1', kind: 'evolution', name: 'evo/default' });
  });

  it('saves its fixed inputs for numpy: projections, the pairings it measured with, model.json', () => {
    const dir = join(runDirIn(join(base, 'a')), 'checkpoints', 'projections');
    const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(model.format).toBe('quinarium-evolution-inputs/1');
    expect(model.paramCount).toBe(21100);
    for (const f of Object.values(model.files) as { file: string; shape: number[] }[]) {
      expect(readNpy(join(dir, f.file)).shape, f.file).toEqual(f.shape);
    }
    const lsrImages = readNpy(join(dir, 'lsrImages.npy')).data;
    const testCoords = readNpy(join(dir, 'testCoords.npy')).data;
    // The documented contract FixedInputs measures with: stream quinarium/7/pairings,
    // N draws over the 1,000 validation images, then 1,000 draws over N.
    const pairs = seededStream('quinarium/7/pairings');
    expect(Array.from(lsrImages)).toEqual(Array.from({ length: 21100 }, () => Math.floor(pairs.next() * 1000)));
    expect(Array.from(testCoords)).toEqual(Array.from({ length: 1000 }, () => Math.floor(pairs.next() * 21100)));
  });

  it('is deterministic: the same seed gives the identical lineage and metrics', () => {
    const again = contents(evolve(join(base, 'b')));
    expect(again.lineage).toBe(reference.lineage);
    expect(again.abundance).toBe(reference.abundance);
    expect(again.generationsText).toBe(reference.generationsText);
    expect(again.events).toBe(reference.events);
  });

  it('gives the same lineage and metrics in one thread as in two worker threads', () => {
    const single = contents(evolve(join(base, 't1'), ['--threads', '1']));
    expect(single.lineage).toBe(reference.lineage);
    expect(single.generationsText).toBe(reference.generationsText);
  });

  // The fused kernels: each individual computed by the same kernel code in whichever
  // thread (one thread: the main thread with its kernel helper; two: one kernel per
  // worker), so the run is the same bits, and the run records its backend.
  it('on the fused backend gives the same lineage and metrics in one thread as in two', () => {
    const dir = evolve(join(base, 'f2'), ['--backend', 'fused']);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).backend).toBe('fused');
    const two = contents(dir);
    const one = contents(evolve(join(base, 'f1'), ['--backend', 'fused', '--threads', '1']));
    expect(one.lineage).toBe(two.lineage);
    expect(one.generationsText).toBe(two.generationsText);
  }, 300_000);

  it('a different seed gives a different run', () => {
    const other = contents(evolve(join(base, 'c'), ['--seed', '8']));
    expect(other.generations[0].bestAccuracy).not.toBe(reference.generations[0].bestAccuracy);
  });

  it('resumes after SIGKILL with exactly the lineage and metrics of an uninterrupted run', async () => {
    const out = join(base, 'killed');
    const child = spawn('node', [bin, 'evolve', ...tiny, '--out', out], { stdio: 'ignore' });
    // The test means nothing unless the child really died mid-run: record how it ended.
    const ended = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    // Kill mid-run, after generation 2 was logged (so rows past the checkpoint at 2 exist or are being written).
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        try {
          const dir = runDirIn(out);
          const log = join(dir, 'generations.jsonl');
          if (existsSync(log) && readFileSync(log, 'utf8').split('\n').length > 4) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve();
          }
        } catch { /* not created yet */ }
      }, 20);
      child.on('exit', () => { clearInterval(timer); resolve(); });
      setTimeout(() => reject(new Error('run never reached generation 3')), 100_000);
    });
    expect(await ended, 'the run finished before it could be killed').toBe('SIGKILL');
    const dir = runDirIn(out);
    execFileSync('node', [bin, 'resume', dir, '--backend', 'wasm'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const resumed = contents(dir);
    expect(resumed.lineage).toBe(reference.lineage);
    expect(resumed.abundance).toBe(reference.abundance);
    expect(resumed.generationsText).toBe(reference.generationsText);
    expect(resumed.events).toBe(reference.events);
  });

  it('rejects a bad config with one clear line naming the field', () => {
    let stderr = '';
    try {
      execFileSync('node', [bin, 'evolve', '--selection-tournament-size', '1', '--out', join(base, 'bad')], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      stderr = String((e as { stderr: Buffer }).stderr);
    }
    expect(stderr).toMatch(/config\.selection\.tournamentSize: expected an integer ≥ 2, got 1/);
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  // Germline inheritance with projective reproduction, through the real CLI: lifetime
  // learning must not reach the genome, and each child is rescaled to its parent's norm,
  // so with σ = 0 every genome keeps exactly its founder's norm, generation after generation.
  it("germline + projective: every living genome has its founder's norm; children carry a transmission r2, founders none", () => {
    const norms = (dir: string) => {
      const latest = JSON.parse(readFileSync(join(dir, 'checkpoints', 'latest.json'), 'utf8')).checkpoint;
      const state = JSON.parse(readFileSync(join(dir, 'checkpoints', latest, 'state.json'), 'utf8'));
      const pop = readNpy(join(dir, 'checkpoints', latest, 'population.npy'));
      const n = pop.shape[1];
      return new Map<number, number>(state.ids.map((id: number, i: number) => {
        let s2 = 0;
        for (let j = 0; j < n; j++) s2 += pop.data[i * n + j] ** 2;
        return [id, Math.sqrt(s2)];
      }));
    };
    const flags = ['--inheritance', 'germline', '--regeneration-normalise', 'global', '--mutation-sigma', '0'];
    // One generation has no reproduction: its checkpoint holds the founders' genomes, untouched by learning.
    const founders = norms(evolve(join(base, 'germline-1'), [...flags, '--generations', '1']));
    const dir = evolve(join(base, 'germline-4'), [...flags, '--generations', '4']);
    const rows = parseAlifeCsv(readFileSync(join(dir, 'lineage.csv'), 'utf8'));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const root = (id: number): number => { const a = byId.get(id)!.ancestors; return a.length ? root(a[0]) : id; };
    const living = norms(dir);
    expect(living.size).toBe(4);
    for (const [id, norm] of living) expect(norm / founders.get(root(id))!).toBeCloseTo(1, 5);
    // Founders carry no transmission; every measured child does, and its accuracy before learning.
    for (const r of rows.filter((x) => x.accuracy !== null)) {
      if (r.ancestors.length === 0) expect(r.transmissionR2).toBeNaN();
      else expect(Number.isFinite(r.transmissionR2)).toBe(true);
      expect(r.innateAccuracy).toBeGreaterThanOrEqual(0);
    }
    const gens = readFileSync(join(dir, 'generations.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(gens[0].meanTransmissionR2).toBeNull();
    expect(gens.slice(1).every((g) => typeof g.meanTransmissionR2 === 'number')).toBe(true);
  });

  it('without lifetime learning the accuracy before learning is the accuracy', () => {
    const dir = evolve(join(base, 'no-learning'), ['--lifetime-steps', '0', '--generations', '2']);
    const rows = parseAlifeCsv(readFileSync(join(dir, 'lineage.csv'), 'utf8')).filter((r) => r.accuracy !== null);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.innateAccuracy).toBe(r.accuracy);
  });

  it('says plainly when a whole generation has diverged', () => {
    const r = spawnSync('node', [bin, 'evolve', ...tiny, '--generations', '4', '--lifetime-steps', '2', '--selection-max-age', '1', '--mutation-sigma', '5', '--out', join(base, 'diverged')], { encoding: 'utf8' });
    // The run directory is complete, but a run that ends with its whole population diverged is no success (issue 11).
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/quinarium evolve: the run diverged: all 4 individuals of generation 3 have a non-finite L_SR or accuracy/);
    expect(r.stderr).toMatch(/every individual of generation \d+ has diverged \(L_SR not finite\)/);
    // Once, not every generation.
    expect(r.stderr.match(/has diverged/g)!.length).toBe(1);
  });
});
