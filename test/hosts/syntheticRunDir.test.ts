/**
 * The synthetic stored run the renderer benchmark and the open-run e2e test open
 * (bench/syntheticRunDir.ts) is a run the app accepts like a real one: listed as done
 * with its progress, read back whole by openRun's reader, its lineage passing the
 * engine's integrity checks, and the same files for the same seed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSyntheticRun } from '../../bench/syntheticRunDir';
import { parseAlifeCsv } from '../../src/engine/evolve/lineage/alifeCsv';
import { lineageFromAlifeRows } from '../../src/engine/evolve/lineage/exportLineage';
import { listRunDirectories, readRunDirectory } from '../../src/hosts/runDirectoryReader';

describe('writeSyntheticRun', () => {
  const work = mkdtempSync(join(tmpdir(), 'quinarium-synthetic-run-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes a complete evolution run that the run browser lists and openRun reads', () => {
    const run = writeSyntheticRun({ outDir: join(work, 'a'), generations: 60, population: 8, seed: 5, now: new Date(2026, 0, 2, 3, 4, 5) });
    // 8 founders, then 6 children (8 less evo/default's 2 elites) in each of the 59 generations that reproduce.
    expect(run.individuals).toBe(8 + 59 * 6);
    const [listed] = listRunDirectories(join(work, 'a'));
    expect(listed).toMatchObject({ dir: run.dir, kind: 'evolution', name: 'evo/default', status: 'done', done: 60, total: 60, size: 8, seed: 5, resumable: false });
    const replay = readRunDirectory(run.dir);
    expect(replay.individuals).toHaveLength(run.individuals);
    expect(replay.generations.map((g) => g.generation)).toEqual(Array.from({ length: 60 }, (_, g) => g));
    expect(replay.generations.every((g) => g.population === 8 && g.bestAccuracy >= g.meanAccuracy)).toBe(true);
    expect(replay.summary).toMatchObject({ complete: true, generations: 60, individuals: run.individuals });
    // Exactly the population alive at the end; most lines of descent died out.
    expect(replay.individuals.filter((r) => r.died === null)).toHaveLength(8);
    expect(replay.generations.at(-1)!.survivingRoots).toBeLessThan(8);
    // The engine rebuilds the lineage through its integrity checks (parents born first, deaths after births).
    const rows = parseAlifeCsv(readFileSync(join(run.dir, 'lineage.csv'), 'utf8'));
    expect(lineageFromAlifeRows(rows).size).toBe(run.individuals);
  });

  it('is the same run for the same seed, and another for another seed', () => {
    const files = (dir: string) => ['lineage.csv', 'generations.jsonl', 'abundance.csv'].map((f) => readFileSync(join(dir, f), 'utf8'));
    const a = writeSyntheticRun({ outDir: join(work, 'b'), generations: 30, population: 6, seed: 1 });
    const b = writeSyntheticRun({ outDir: join(work, 'c'), generations: 30, population: 6, seed: 1 });
    const c = writeSyntheticRun({ outDir: join(work, 'd'), generations: 30, population: 6, seed: 2 });
    expect(files(b.dir)).toEqual(files(a.dir));
    expect(files(c.dir)[0]).not.toEqual(files(a.dir)[0]);
  });

  it('takes its config through the engine\'s validation, before any directory exists', () => {
    expect(() => writeSyntheticRun({ outDir: join(work, 'e'), generations: 3, population: 2 })).toThrow(/config\.selection\.tournamentSize: must be ≤ population \(2\)/);
    expect(() => writeSyntheticRun({ outDir: join(work, 'e'), generations: 0 })).toThrow(/generations must be an integer ≥ 1, got 0/);
    expect(listRunDirectories(join(work, 'e'))).toEqual([]);
  });
});
