import { lineageFromAlifeRows } from '../../src/engine/evolve/lineage/exportLineage';
import { describe, expect, it } from 'vitest';
import { ALIFE_COLUMNS, ancestorList, parseAlifeCsv, parseAncestorList, toAlifeCsv } from '../../src/engine/evolve/lineage/alifeCsv';
import { csvField, parseCsv } from '../../src/engine/evolve/lineage/csvRecord';
import { toJsonl } from '../../src/engine/evolve/lineage/jsonl';
import { Lineage } from '../../src/engine/evolve/lineage/lineage';
import { toNewick } from '../../src/engine/evolve/lineage/newick';
import { knownTree } from './lineageTree';

const metrics = { accuracy: 0.8125, lsr: 350.25, srq: Math.log(21100 / 350.25), corr: 0.1 + 0.2, meanAbsTheta: 1e-7, r2: 0.25, srqFree: 0.5, bits: 3000.5, gain: 0.75, rmsTheta: 2e-7, innateAccuracy: 0.125, transmissionR2: 0.0625, transmissionCorr: -0.5 };

describe('ALife phylogeny CSV', () => {
  it('writes [None] for founders and [7] (unquoted: no comma) for a child of 7, ancestor_id, inf for the living', () => {
    expect(ancestorList(null)).toBe('[None]');
    expect(ancestorList(7)).toBe('[7]');
    const l = new Lineage();
    l.birth({ id: 7, parent: null, generation: 0, sigma: 0 });
    l.birth({ id: 8, parent: 7, generation: 1, sigma: 0.001 });
    l.death(7, 1);
    l.record(8, { accuracy: 0.5, lsr: 2, srq: 3, corr: 0.25, meanAbsTheta: 0.125, r2: 0.5, srqFree: 1, bits: 100, gain: 0.9, rmsTheta: 0.06, innateAccuracy: 0.3, transmissionR2: 0.4, transmissionCorr: 0.7 });
    expect(toAlifeCsv(l)).toBe(
      'id,ancestor_list,ancestor_id,origin_time,destruction_time,accuracy,lsr,srq,corr,mean_abs_theta,sigma,generation,r2,srq_free,bits,gain,rms_theta,innate_accuracy,transmission_r2,transmission_corr\n'
      + '7,[None],7,0,1,,,,,,0,0,,,,,,,,\n'
      + '8,[7],7,1,inf,0.5,2,3,0.25,0.125,0.001,1,0.5,1,100,0.9,0.06,0.3,0.4,0.7\n',
    );
  });

  it('round-trips every field exactly, non-finite metrics included', () => {
    const l = knownTree();
    l.record(3, metrics);
    l.record(4, { ...metrics, lsr: NaN });
    l.record(5, { ...metrics, lsr: Infinity, srq: -Infinity });
    const rows = parseAlifeCsv(toAlifeCsv(l));
    expect(rows).toHaveLength(l.size);
    for (const [i, ind] of l.individuals().entries()) {
      const r = rows[i];
      expect(r.id).toBe(ind.id);
      expect(r.ancestors).toEqual(ind.parent === null ? [] : [ind.parent]);
      expect(r.originTime).toBe(ind.generation);
      expect(r.generation).toBe(ind.generation);
      expect(r.destructionTime).toBe(ind.death);
      expect(r.sigma).toBe(ind.sigma);
      const m = ind.metrics;
      expect([r.accuracy, r.lsr, r.srq, r.corr, r.meanAbsTheta, r.r2, r.srqFree, r.bits, r.gain, r.rmsTheta])
        .toEqual(m ? [m.accuracy, m.lsr, m.srq, m.corr, m.meanAbsTheta, m.r2, m.srqFree, m.bits, m.gain, m.rmsTheta] : Array(10).fill(null));
    }
    expect(rows.find((r) => r.id === 4)!.lsr).toBeNaN();
    expect(rows.find((r) => r.id === 3)!.corr).toBe(0.1 + 0.2); // shortest round-trip text, not 0.3
  });

  // Runs written before the scale-free metrics have no r2 … rms_theta columns: read as not measured.
  it('reads a file written before the scale-free columns, and rebuilds its lineage with them unmeasured', () => {
    const old = 'id,ancestor_list,origin_time,destruction_time,accuracy,lsr,srq,corr,mean_abs_theta,sigma,generation\n0,[],0,,0.5,2,3,0.25,0.125,0,0\n';
    const [row] = parseAlifeCsv(old);
    expect([row.r2, row.srqFree, row.bits, row.gain, row.rmsTheta]).toEqual([null, null, null, null, null]);
    const m = lineageFromAlifeRows([row]).get(0).metrics!;
    expect(m.lsr).toBe(2);
    expect(m.r2).toBeNaN();
    expect(m.rmsTheta).toBeNaN();
  });

  // SPEC "Lineage file conventions": the file as each ALife tool reads it, with the same roots and parents.
  it('reads the same roots and parents by the rules of ALifeStdDev, Empirical/phylotrackpy and hstrat', () => {
    const l = knownTree();
    const [header, ...lines] = toAlifeCsv(l).trimEnd().split('\n');
    expect(toAlifeCsv(l)).not.toContain('"');
    const cols = header.split(',');
    const at = (line: string, name: string) => line.split(',')[cols.indexOf(name)];
    const truth = l.individuals().map((i) => [i.id, i.parent]);
    // ALifeStdDev: Python literal_eval of ancestor_list — `[None]` is a list holding None; ints otherwise.
    const literalEval = (t: string): (number | null)[] => {
      if (!/^\[(None|\d+(, ?\d+)*)?\]$/.test(t)) throw new Error(`literal_eval would fail or mean something else: ${t}`);
      return t.slice(1, -1).split(',').filter((x) => x !== '').map((x) => (x.trim() === 'None' ? null : Number(x)));
    };
    expect(lines.map((line) => [Number(at(line, 'id')), literalEval(at(line, 'ancestor_list'))[0]])).toEqual(truth);
    // Empirical/phylotrackpy: strip [ ] " and compare with 'none' case-insensitively; the living have destruction_time inf.
    const empirical = (t: string) => { const v = t.replace(/[[\]"]/g, ''); return v.toLowerCase() === 'none' ? null : Number(v); };
    expect(lines.map((line) => [Number(at(line, 'id')), empirical(at(line, 'ancestor_list'))])).toEqual(truth);
    expect(lines.filter((line) => at(line, 'destruction_time') === 'inf').map((line) => Number(at(line, 'id'))))
      .toEqual(l.individuals().filter((i) => i.death === null).map((i) => i.id));
    // hstrat: a root is [none] or [] in ancestor_list, with ancestor_id its own id; a child's ancestor_id is its parent.
    for (const line of lines) {
      const id = Number(at(line, 'id')), aid = Number(at(line, 'ancestor_id'));
      const root = /^\[(none)?\]$/i.test(at(line, 'ancestor_list'));
      expect(root ? aid === id : aid === l.get(id).parent).toBe(true);
      expect(root).toBe(l.get(id).parent === null);
    }
  });

  it('reads columns by name, other tools\' root spellings and CRLF line ends', () => {
    const text = 'ancestor_list,id,origin_time,destruction_time\r\n"[\'none\']",0,0,none\r\n"[\'0\']",1,1,\r\n[NONE],2,0,3\r\n';
    expect(parseAlifeCsv(text).map((r) => [r.id, r.ancestors, r.destructionTime])).toEqual([[0, [], null], [1, [0], null], [2, [], 3]]);
    expect(parseAncestorList('[3, 7]', 'x')).toEqual([3, 7]);
    expect(() => parseAncestorList('7', 'row 2')).toThrow(/row 2: ancestor_list must look like \[\] or \[7\] \(got 7\)/);
    expect(() => parseAlifeCsv('id,origin_time\n0,0\n')).toThrow(/header must have column ancestor_list/);
    expect(() => parseAlifeCsv(`${ALIFE_COLUMNS.join(',')}\n0,[],0,zero,,,,,,,0,0\n`)).toThrow(/row 2: origin_time must be a number \(got 'zero'\)/);
  });

  it('quotes CSV fields only when needed, and parses quoted ones back', () => {
    expect(csvField('[7]')).toBe('[7]');
    expect(csvField('[3,7]')).toBe('"[3,7]"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(parseCsv('a,"[3,7]","say ""hi""",\n"multi\nline",b')).toEqual([['a', '[3,7]', 'say "hi"', ''], ['multi\nline', 'b']]);
    expect(() => parseCsv('"open')).toThrow(/ends inside a quoted field/);
  });

  // parseCsv splits a line without quotes at its commas and scans only quoted records;
  // held here to a plain character scanner (RFC 4180, as it was before) on seeded random
  // texts mixing quoted and unquoted records, CRLF and LF, empty lines and a last line
  // with or without its newline.
  it('reads any text as a character-by-character RFC 4180 scanner does', () => {
    const scanner = (text: string): string[][] => {
      const rows: string[][] = [];
      let row: string[] = [];
      let field = '';
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quoted) {
          if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
        } else if (ch === '"' && field === '') quoted = true;
        else if (ch === ',') { row.push(field); field = ''; }
        else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
        else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
        else field += ch;
      }
      if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
      return rows;
    };
    let state = 12345;
    const rand = (n: number) => { state = (state * 1103515245 + 12345) % 2 ** 31; return state % n; };
    const pieces = ['7', '[None]', 'inf', '0.125', '', ' x ', '"[3,7]"', '"a ""q"""', '"two\nlines"', 'mid"quote', '\r', '"\r\n"'];
    for (let t = 0; t < 300; t++) {
      const lines: string[] = [];
      for (let l = rand(6); l >= 0; l--) lines.push(Array.from({ length: rand(4) + 1 }, () => pieces[rand(pieces.length)]).join(','));
      const text = lines.join(rand(2) ? '\r\n' : '\n') + (rand(2) ? '\n' : '');
      expect(parseCsv(text), JSON.stringify(text)).toEqual(scanner(text));
    }
  });
});

describe('Newick', () => {
  it('writes a tiny known tree with origin-time branch lengths', () => {
    const l = new Lineage();
    l.birth({ id: 0, parent: null, generation: 0, sigma: 0 });
    l.birth({ id: 1, parent: 0, generation: 1, sigma: 0 });
    l.birth({ id: 2, parent: 0, generation: 1, sigma: 0 });
    l.birth({ id: 3, parent: 1, generation: 3, sigma: 0 });
    expect(toNewick(l)).toBe('((3:2)1:1,2:1)0;');
  });
  it('hangs a forest under a virtual root, founders at their birth generation', () => {
    // knownTree: 0 → (1 → 3, 4), (2 → 5); 6 → 7.
    expect(toNewick(knownTree())).toBe('(((3:1,4:1)1:1,(5:2)2:1)0:0,(7:1)6:0);');
  });
  it('handles a single node, an empty lineage and a path too deep for recursion', () => {
    const one = new Lineage();
    one.birth({ id: 4, parent: null, generation: 0, sigma: 0 });
    expect(toNewick(one)).toBe('4;');
    expect(toNewick(new Lineage())).toBe(';');
    const deep = new Lineage();
    deep.birth({ id: 0, parent: null, generation: 0, sigma: 0 });
    for (let i = 1; i < 20000; i++) deep.birth({ id: i, parent: i - 1, generation: i, sigma: 0 });
    const text = toNewick(deep);
    expect(text.startsWith('('.repeat(19999) + '19999:1)19998:1)')).toBe(true);
    expect(text.endsWith('1:1)0;')).toBe(true);
  });
});

describe('JSON Lines', () => {
  it('writes one object per individual with ALife names; non-finite metrics as null', () => {
    const l = knownTree();
    l.record(4, { ...metrics, lsr: NaN });
    const lines = toJsonl(l).trimEnd().split('\n').map((s) => JSON.parse(s));
    expect(lines.map((o) => o.id)).toEqual(l.individuals().map((i) => i.id));
    expect(lines.find((o) => o.id === 4)).toEqual({
      id: 4, parent: 1, origin_time: 2, destruction_time: null, generation: 2, sigma: 0.01,
      accuracy: metrics.accuracy, lsr: null, srq: metrics.srq, corr: metrics.corr, mean_abs_theta: metrics.meanAbsTheta,
      r2: metrics.r2, srq_free: metrics.srqFree, bits: metrics.bits, gain: metrics.gain, rms_theta: metrics.rmsTheta,
      innate_accuracy: metrics.innateAccuracy, transmission_r2: metrics.transmissionR2, transmission_corr: metrics.transmissionCorr,
    });
    expect(lines.find((o) => o.id === 2)).toMatchObject({ parent: 0, destruction_time: 3, accuracy: null });
  });
});
