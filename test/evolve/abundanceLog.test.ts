import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ABUNDANCE_HEADER, AbundanceLog, abundanceRows } from '../../src/engine/evolve/lineage/abundanceLog';
import { cladeSizes } from '../../src/engine/evolve/lineage/livingPhylogeny';
import { knownTree } from './lineageTree';

const dir = () => mkdtempSync(join(tmpdir(), 'quinarium-abundance-'));

describe('abundance.csv', () => {
  it('one row per surviving founder clade, by founder id, parent empty', () => {
    // knownTree: founders 0 and 6; 3, 5 descend from 0, 7 from 6.
    expect(abundanceRows(4, cladeSizes(knownTree(), [7, 3, 5]))).toBe('4,0,,2\n4,6,,1\n');
    expect(abundanceRows(0, new Map([[2, 0], [1, 3]]))).toBe('0,1,,3\n');
  });

  it('appends per flush, and a resume cuts rows of unfinished generations and a torn line', () => {
    const path = join(dir(), 'abundance.csv');
    const l = knownTree();
    const log = new AbundanceLog(path, 0, l);
    log.append(0, new Map([[0, 2], [6, 1]]));
    expect(readFileSync(path, 'utf8')).toBe(`${ABUNDANCE_HEADER}\n`); // nothing before flush
    log.flush();
    log.append(1, new Map([[0, 3]]));
    log.append(2, new Map([[0, 3]]));
    log.close();
    const whole = readFileSync(path, 'utf8');
    expect(whole).toBe(`${ABUNDANCE_HEADER}\n0,0,,2\n0,6,,1\n1,0,,3\n2,0,,3\n`);
    appendFileSync(path, '3,0,,'); // killed mid-write
    new AbundanceLog(path, 2, l).close();
    expect(readFileSync(path, 'utf8')).toBe(`${ABUNDANCE_HEADER}\n0,0,,2\n0,6,,1\n1,0,,3\n`);
    // Resuming at the end keeps everything (and does not rewrite).
    writeFileSync(path, whole);
    new AbundanceLog(path, 3, l).close();
    expect(readFileSync(path, 'utf8')).toBe(whole);
  });

  it('rebuilds the earlier generations from the lineage when a run from before it resumes', () => {
    const path = join(dir(), 'abundance.csv');
    // knownTree's presence: g0 {0, 6}; g1 {1, 2, 7}; g2 {3, 4, 2}; g3 {3, 4, 5}.
    new AbundanceLog(path, 4, knownTree()).close();
    expect(readFileSync(path, 'utf8')).toBe(`${ABUNDANCE_HEADER}\n0,0,,1\n0,6,,1\n1,0,,2\n1,6,,1\n2,0,,3\n3,0,,3\n`);
  });

  it('refuses a file that is not an abundance table, naming it', () => {
    const path = join(dir(), 'abundance.csv');
    writeFileSync(path, 'id,count\n');
    expect(() => new AbundanceLog(path, 1, knownTree())).toThrow(/abundance\.csv: must begin with the header generation,id,parent,population \(got "id,count"\)/);
  });
});
