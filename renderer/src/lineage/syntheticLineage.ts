import type { IndividualRow } from '../../../src/protocol/messages';

/**
 * mulberry32: a tiny seeded generator, so synthetic lineages are the same on every
 * run (the engine's seedrandom is not bundled into the renderer).
 */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A lineage of exactly `nodes` individuals for the renderer benchmark and the
 * layout tests, which need far more nodes than a recorded run has. Only its shape
 * matters, so it is a plain branching process, not an engine: a constant population,
 * two elites kept per generation, the rest replaced by children of tournament
 * winners on a heritable score (so families die out and roots coalesce, as in a
 * real run), metrics drawn from that score so the view has colours to show.
 * Real runs' data is the recorded fixture (client/fixtures/sessionRecording.json).
 */
export function syntheticLineage(nodes: number, population: number, seed = 1): IndividualRow[] {
  if (!(Number.isInteger(population) && population >= 3)) throw new RangeError(`syntheticLineage: expected population to be an integer ≥ 3, got ${population}`);
  const random = seededRandom(seed);
  const rows: IndividualRow[] = [];
  const score: number[] = [];
  const born = (parent: number | null, generation: number, s: number): number => {
    const id = rows.length;
    score.push(s);
    const lsr = 10 ** (3 - s);
    rows.push({ id, parent, born: generation, died: null, accuracy: Math.min(0.99, 0.1 + 0.2 * s), lsr, srq: Math.log(21100 / lsr), corr: Math.tanh(s), meanAbsTheta: 0.05, r2: Math.tanh(s) ** 2, rmsTheta: 0.06, bits: 1000 * s, innateAccuracy: 0.1, transmissionR2: Math.tanh(s) ** 2, sigma: parent === null ? 0 : 0.002 });
    return id;
  };
  let living = Array.from({ length: Math.min(population, nodes) }, () => born(null, 0, random()));
  for (let g = 0; rows.length < nodes; g++) {
    const ranked = [...living].sort((a, b) => score[b] - score[a]);
    const elites = ranked.slice(0, 2);
    const children: number[] = [];
    while (elites.length + children.length < population && rows.length < nodes) {
      let winner = living[Math.floor(random() * living.length)];
      for (let t = 1; t < 3; t++) {
        const rival = living[Math.floor(random() * living.length)];
        if (score[rival] > score[winner]) winner = rival;
      }
      children.push(born(winner, g + 1, score[winner] + 0.1 * (random() - 0.45)));
    }
    const keep = new Set([...elites, ...children]);
    for (const id of living) if (!keep.has(id)) rows[id] = { ...rows[id], died: g + 1 };
    living = [...elites, ...children];
  }
  return rows;
}
