import { mkdtempSync, readFileSync, writeFileSync, appendFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toAlifeCsv } from '../../src/engine/evolve/lineage/alifeCsv';
import { Lineage, type LineageMetrics } from '../../src/engine/evolve/lineage/lineage';
import { LineageCsvFile } from '../../src/engine/evolve/lineage/lineageCsvFile';

const m = (x: number): LineageMetrics => ({ accuracy: x / 10, lsr: x === 3 ? NaN : 100 + x, srq: Infinity, corr: 0.1 + 0.2, meanAbsTheta: 1e-7, r2: -x, srqFree: 0.5, bits: 0, gain: 1, rmsTheta: 0.14, innateAccuracy: 0.1, transmissionR2: x === 0 ? NaN : 0.5, transmissionCorr: -0.25 });

/** Sorted by id, the rows of lineage.csv are the export: the file is the same phylogeny, in the order its rows became final. */
const sortedById = (csv: string) => {
  const [header, ...rows] = csv.trimEnd().split('\n');
  return `${[header, ...rows.sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]))].join('\n')}\n`;
};

/** A small evolving population: 3 living, each generation 2 children of the first, 2 deaths. */
function evolve(lineage: Lineage, living: number[], g: number, next: { id: number }): { living: number[]; dead: number[] } {
  for (const id of living) lineage.record(id, m(id));
  const children = [next.id++, next.id++];
  for (const c of children) lineage.birth({ id: c, parent: living[0], generation: g + 1, sigma: 0.002 });
  const dead = living.slice(1);
  for (const id of dead) lineage.death(id, g + 1);
  return { living: [living[0], ...children], dead };
}

/** A lineage of three founders (ids 0, 1, 2), the next id to give, and a fresh lineage.csv path. */
function founders(): { lineage: Lineage; next: { id: number }; living: number[]; path: string } {
  const lineage = new Lineage();
  const next = { id: 0 };
  const living = [next.id++, next.id++, next.id++];
  for (const id of living) lineage.birth({ id, parent: null, generation: 0, sigma: 0 });
  return { lineage, next, living, path: join(mkdtempSync(join(tmpdir(), 'quinarium-lineage-')), 'lineage.csv') };
}

describe('lineage.csv kept incrementally', () => {
  it('appends each dead row once and rewrites only the living tail; sorted by id it is the export', () => {
    const start = founders();
    const { lineage, next, path } = start;
    let living = start.living;
    const file = LineageCsvFile.create(path);
    file.update(lineage, []);
    let deadBytes = file.deadSection.bytes;
    for (let g = 0; g < 6; g++) {
      const before = readFileSync(path, 'utf8').slice(0, deadBytes);
      const step = evolve(lineage, living, g, next);
      living = step.living;
      file.update(lineage, step.dead);
      const text = readFileSync(path, 'utf8');
      // What was final stays byte for byte; what follows is the living, inf.
      expect(text.startsWith(before)).toBe(true);
      expect(sortedById(text)).toBe(toAlifeCsv(lineage));
      const tail = text.slice(file.deadSection.bytes).trimEnd().split('\n');
      expect(tail.map((r) => Number(r.split(',')[0]))).toEqual([...living].sort((a, b) => a - b));
      expect(tail.every((r) => r.split(',')[4] === 'inf')).toBe(true);
      expect(file.deadSection.count).toBe(lineage.size - living.length);
      deadBytes = file.deadSection.bytes;
    }
    file.close();
  });

  it('resumes at a recorded dead part: what follows is cut, the dead read back exactly (NaN and Infinity too)', () => {
    const start = founders();
    const { lineage, next, path } = start;
    let living = start.living;
    const file = LineageCsvFile.create(path);
    let at = file.deadSection;
    for (let g = 0; g < 4; g++) {
      const step = evolve(lineage, living, g, next);
      living = step.living;
      file.update(lineage, step.dead);
      if (g === 1) at = file.deadSection;
    }
    file.close();
    appendFileSync(path, '99,[0],0,9,inf,torn'); // a killed writer's half row
    const { file: resumed, deadRows } = LineageCsvFile.resume(path, at);
    expect(statSync(path).size).toBe(at.bytes);
    expect(deadRows.map((r) => r.id)).toEqual(lineage.individuals().filter((i) => i.death !== null && i.death <= 2).map((i) => i.id).sort((a, b) => a - b));
    for (const r of deadRows) expect(r).toEqual(lineage.get(r.id));
    resumed.close();
    expect(() => LineageCsvFile.resume(path, { count: at.count, bytes: at.bytes + 1 })).toThrow(/the checkpoint's lineage ends at byte \d+, but the file holds \d+ bytes/);
    expect(() => LineageCsvFile.resume(path, { count: at.count + 1, bytes: at.bytes })).toThrow(/recorded \d+ dead individuals in the first \d+ bytes, the file holds \d+/);
    writeFileSync(path, 'not,a,lineage\n');
    expect(() => LineageCsvFile.resume(path, { count: 0, bytes: 14 })).toThrow(/ends at byte 14|not the header/);
  });

  it('rebuilds a lineage from its rows in any order (dead first), and a whole lineage rewrites to the same file', () => {
    const start = founders();
    const { lineage, next, path } = start;
    let living = start.living;
    for (let g = 0; g < 5; g++) living = evolve(lineage, living, g, next).living;
    const rebuilt = Lineage.fromIndividuals([...lineage.individuals()].reverse());
    expect(toAlifeCsv(rebuilt)).toBe(toAlifeCsv(lineage));
    LineageCsvFile.rewrite(path, lineage).close();
    expect(sortedById(readFileSync(path, 'utf8'))).toBe(toAlifeCsv(lineage));
  });
});
