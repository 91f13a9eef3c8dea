import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbundanceLog } from '../../src/engine/evolve/lineage/abundanceLog';
import { toAlifeCsv } from '../../src/engine/evolve/lineage/alifeCsv';
import { Lineage } from '../../src/engine/evolve/lineage/lineage';

// Debian's python3 with python3-pandas and python3-networkx (.ci/run installs them).
const python = '/usr/bin/python3';
const hasPandas = existsSync(python) && (() => {
  try { execFileSync(python, ['-c', 'import pandas, networkx']); return true; } catch { return false; }
})();

describe.skipIf(!hasPandas)('abundance.csv as ggmuller input', () => {
  it('agrees with lineage.csv read by pandas, and the documented recipe gives one tree and a full table', () => {
    // Founders 0, 1, 2; 0 → 3, 4 at 1 (1 dies at 1); 3 → 5, 6 at 2 (0, 4 die at 2); 2 → 7 at 3 (2 dies at 3).
    const l = new Lineage();
    for (const id of [0, 1, 2]) l.birth({ id, parent: null, generation: 0, sigma: 0 });
    for (const id of [3, 4]) l.birth({ id, parent: 0, generation: 1, sigma: 0 });
    l.death(1, 1);
    for (const id of [5, 6]) l.birth({ id, parent: 3, generation: 2, sigma: 0 });
    l.death(0, 2);
    l.death(4, 2);
    l.birth({ id: 7, parent: 2, generation: 3, sigma: 0 });
    l.death(2, 3);
    const dir = mkdtempSync(join(tmpdir(), 'quinarium-muller-'));
    writeFileSync(join(dir, 'lineage.csv'), toAlifeCsv(l));
    new AbundanceLog(join(dir, 'abundance.csv'), 4, l).close(); // generations 0–3, from the lineage
    const out = JSON.parse(execFileSync(python, [join(__dirname, 'muller_input_check.py'), join(dir, 'abundance.csv'), join(dir, 'lineage.csv')], { encoding: 'utf8' }));
    expect(out.columns).toEqual(['generation', 'id', 'parent', 'population']);
    expect(out.parents_empty).toBe(true);
    expect(out.matches_lineage).toBe(true);
    expect(out.edges_tree).toBe(true);
    expect(out.start_nodes).toEqual(['root']);
    expect(out.rectangular).toBe(true);
    expect(out.every_identity_in_pop).toBe(true);
    // Present per generation: g0 {0,1,2}, g1 {0,2,3,4}, g2 {2,3,5,6}, g3 {3,5,6,7}.
    expect(out.totals).toEqual([3, 4, 4, 4]);
  });
});
