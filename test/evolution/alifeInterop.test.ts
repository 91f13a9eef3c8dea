import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toAlifeCsv } from '../../src/engine/evolve/lineage/alifeCsv';
import { Lineage } from '../../src/engine/evolve/lineage/lineage';
import { LineageCsvFile } from '../../src/engine/evolve/lineage/lineageCsvFile';

// Debian's python3 with python3-pandas and python3-networkx (.ci/run installs them).
const python = '/usr/bin/python3';
const hasPandas = existsSync(python) && (() => {
  try { execFileSync(python, ['-c', 'import pandas, networkx']); return true; } catch { return false; }
})();

describe.skipIf(!hasPandas)('lineage.csv in the ALife Data Standards format', () => {
  it('loads with pandas and reconstructs the tree in networkx', () => {
    // Founders 0, 1; 0 → 2, 3 at generation 1; 2 → 4 at generation 2; 1 and 3 die.
    const l = new Lineage();
    const m = { accuracy: 0.5, lsr: 100, srq: 5.3, corr: 0.1, meanAbsTheta: 0.05, r2: 0.5, srqFree: 1, bits: 100, gain: 0.9, rmsTheta: 0.06, innateAccuracy: 0.3, transmissionR2: 0.4, transmissionCorr: 0.7 };
    for (const id of [0, 1]) l.birth({ id, parent: null, generation: 0, sigma: 0 });
    for (const id of [0, 1]) l.record(id, m);
    for (const id of [2, 3]) l.birth({ id, parent: 0, generation: 1, sigma: 0.01 });
    l.death(1, 1);
    l.birth({ id: 4, parent: 2, generation: 2, sigma: 0.01 });
    l.death(3, 2);
    const file = join(mkdtempSync(join(tmpdir(), 'quinarium-alife-')), 'lineage.csv');
    writeFileSync(file, toAlifeCsv(l));
    const out = JSON.parse(execFileSync(python, [join(__dirname, 'alife_check.py'), file], { encoding: 'utf8' }));
    expect(out.rows).toBe(5);
    expect(out.columns.slice(0, 5)).toEqual(['id', 'ancestor_list', 'ancestor_id', 'origin_time', 'destruction_time']);
    expect(out.is_forest).toBe(true);
    expect(out.roots).toEqual([0, 1]);
    expect(out.alive).toEqual([0, 2, 4]);
    expect(out.max_depth).toBe(2);
    // A run's own lineage.csv holds the same rows, the dead first (lineageCsvFile.ts): the tools read the same tree.
    const runFile = join(mkdtempSync(join(tmpdir(), 'quinarium-alife-')), 'lineage.csv');
    LineageCsvFile.rewrite(runFile, l).close();
    expect(readFileSync(runFile, 'utf8')).not.toBe(toAlifeCsv(l));
    expect(JSON.parse(execFileSync(python, [join(__dirname, 'alife_check.py'), runFile], { encoding: 'utf8' }))).toEqual(out);
  });
});
