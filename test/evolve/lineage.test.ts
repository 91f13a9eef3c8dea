import { describe, expect, it } from 'vitest';
import { Lineage, LineageError } from '../../src/engine/evolve/lineage/lineage';
import { knownTree } from './lineageTree';

const metrics = { accuracy: 0.9, lsr: 12.5, srq: Math.log(21100 / 12.5), corr: 0.3, meanAbsTheta: 0.04, r2: 0.5, srqFree: 1, bits: 100, gain: 0.9, rmsTheta: 0.06, innateAccuracy: 0.3, transmissionR2: 0.4, transmissionCorr: 0.7 };

describe('Lineage', () => {
  it('tracks births, deaths, children, ancestry and the living', () => {
    const l = knownTree();
    expect(l.size).toBe(8);
    expect(l.alive()).toEqual([3, 4, 5]);
    expect(l.children(1)).toEqual([3, 4]);
    expect(l.ancestry(5)).toEqual([5, 2, 0]);
    expect(l.rootOf(7)).toBe(6);
    expect(l.get(2)).toMatchObject({ parent: 0, generation: 1, sigma: 0.02, death: 3 });
    expect(l.presentAt(2, 2)).toBe(true);
    expect(l.presentAt(2, 3)).toBe(false); // gone from its death generation on
    expect(l.presentAt(5, 2)).toBe(false);
  });

  it('keeps the latest metrics, as a copy', () => {
    const l = knownTree();
    const m = { ...metrics };
    l.record(3, { ...metrics, accuracy: 0.5 });
    l.record(3, m);
    m.accuracy = 0;
    expect(l.get(3).metrics).toEqual(metrics);
  });

  it('enforces integrity, naming the operation and the individual', () => {
    const l = knownTree();
    const cases: [() => void, RegExp][] = [
      [() => l.birth({ id: 3, parent: 1, generation: 3, sigma: 0 }), /Lineage\.birth\(id 3\): id must be unique/],
      [() => l.birth({ id: 9, parent: 42, generation: 3, sigma: 0 }), /parent 42 must exist, but was never born/],
      [() => l.birth({ id: 9, parent: 3, generation: 2, sigma: 0 }), /generation must be after parent 3's birth \(2\) \(got 2\)/],
      [() => l.birth({ id: 9, parent: 1, generation: 3, sigma: 0 }), /parent 1 died at generation 2, before this birth at 3/],
      [() => l.birth({ id: -1, parent: null, generation: 0, sigma: 0 }), /id must be a non-negative integer/],
      [() => l.birth({ id: 9, parent: null, generation: 1.5, sigma: 0 }), /generation must be an integer ≥ 0 \(got 1\.5\)/],
      [() => l.birth({ id: 9, parent: null, generation: 0, sigma: NaN }), /sigma must be a finite number ≥ 0 \(got NaN\)/],
      [() => l.death(3, 2), /Lineage\.death\(id 3\): death generation must be an integer after birth \(2\) \(got 2\)/],
      [() => l.death(1, 5), /already died at generation 2/],
      [() => l.death(42, 5), /no individual with id 42/],
      [() => l.record(0, metrics), /Lineage\.record\(id 0\): died at generation 1; its metrics are final/],
    ];
    for (const [call, message] of cases) {
      expect(call).toThrow(LineageError);
      expect(call).toThrow(message);
    }
    expect(l.size).toBe(8); // failed calls changed nothing
    expect(l.alive()).toEqual([3, 4, 5]);
  });

  it('refuses a death before a child was born', () => {
    const l = new Lineage();
    l.birth({ id: 0, parent: null, generation: 0, sigma: 0 });
    l.birth({ id: 1, parent: 0, generation: 4, sigma: 0 });
    expect(() => l.death(0, 3)).toThrow(/must not precede a child's birth \(4\) \(got 3\)/);
    l.death(0, 4); // dying in the generation its child is born is the generational hand-over
    expect(l.alive()).toEqual([1]);
  });

  it('round-trips through JSON text, non-finite metrics included', () => {
    const l = knownTree();
    l.record(3, metrics);
    l.record(4, { ...metrics, lsr: NaN, srq: -Infinity });
    l.record(5, { ...metrics, lsr: Infinity });
    const back = Lineage.fromJSON(JSON.parse(JSON.stringify(l)));
    expect(back.individuals()).toEqual(l.individuals());
    expect(back.get(4).metrics!.lsr).toBeNaN();
    expect(back.get(5).metrics!.lsr).toBe(Infinity);
    expect(back.alive()).toEqual([3, 4, 5]);
  });

  it('rejects a corrupt checkpoint through the same integrity checks', () => {
    const json = JSON.parse(JSON.stringify(knownTree()));
    json.individuals.find((r: { id: number }) => r.id === 5).parent = 77;
    expect(() => Lineage.fromJSON(json)).toThrow(/parent 77 must exist/);
    expect(() => Lineage.fromJSON({ version: 2, individuals: [] })).toThrow(/expected \{ version: 1/);
    const badMetric = JSON.parse(JSON.stringify(knownTree()));
    badMetric.individuals[7].metrics = { ...metrics, lsr: 'lots' };
    expect(() => Lineage.fromJSON(badMetric)).toThrow(/metrics\.lsr must be a number, 'NaN', 'Infinity' or '-Infinity' \(got "lots"\)/);
  });

  // A checkpoint written before the scale-free metrics resumes with them unmeasured (NaN);
  // a missing paper metric is still an error.
  it('reads a checkpoint without the scale-free metrics as unmeasured, but not one without L_SR', () => {
    const json = JSON.parse(JSON.stringify(knownTree()));
    const { r2: _r2, srqFree: _s, bits: _b, gain: _g, rmsTheta: _t, innateAccuracy: _i, transmissionR2: _tr, transmissionCorr: _tc, ...old } = metrics;
    json.individuals[7].metrics = old;
    const m = Lineage.fromJSON(json).get(json.individuals[7].id).metrics!;
    expect(m.lsr).toBe(metrics.lsr);
    expect([m.r2, m.srqFree, m.bits, m.gain, m.rmsTheta, m.innateAccuracy, m.transmissionR2, m.transmissionCorr].every(Number.isNaN)).toBe(true);
    const { lsr: _l, ...noLsr } = metrics;
    json.individuals[7].metrics = noLsr;
    expect(() => Lineage.fromJSON(json)).toThrow(/metrics\.lsr must be a number/);
  });
});
