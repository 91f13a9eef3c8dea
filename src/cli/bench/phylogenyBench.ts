import seedrandom from 'seedrandom';
import { Lineage } from '../../engine/evolve/lineage/lineage';
import { cladeSizes, livingPhylogeny } from '../../engine/evolve/lineage/livingPhylogeny';

/**
 * Milliseconds per generation of the per-generation phylogeny statistics
 * (livingPhylogeny, and the clade counts of abundance.csv) on a synthetic run of
 * `population` individuals, 2 immortal-while-best elites and the rest children of
 * parents drawn with a bias to the fittest (random fitness each generation, so lines
 * coalesce as under selection). Timed over the last 100 generations of runs of each
 * length: flat in the run's length means no pass over the whole lineage.
 */
export function phylogenyBench(population = 32, lengths: readonly number[] = [1_000, 10_000]): Record<string, unknown> {
  const runs = lengths.map((generations) => {
    const rng = seedrandom(`phylogeny-bench-${population}`);
    const l = new Lineage();
    let next = 0;
    let living: number[] = [];
    for (let i = 0; i < population; i++) { l.birth({ id: next, parent: null, generation: 0, sigma: 0 }); living.push(next++); }
    let ms = 0, timed = 0, treeMrcaAge = 0;
    for (let g = 0; g < generations; g++) {
      const t = performance.now();
      const p = livingPhylogeny(l, living);
      cladeSizes(l, living);
      if (g >= generations - 100) { ms += performance.now() - t; timed++; treeMrcaAge += p.mrcaDepth === null ? g : g - p.mrcaDepth; }
      // Fittest first: a random order; 2 elites survive, children of the top half (triangular bias).
      const order = [...living].sort(() => rng() - 0.5);
      const elites = order.slice(0, 2);
      const children: number[] = [];
      for (let k = 2; k < population; k++) {
        const parent = order[Math.floor(rng() * rng() * (population / 2))];
        l.birth({ id: next, parent, generation: g + 1, sigma: 0 });
        children.push(next++);
      }
      for (const id of living) if (!elites.includes(id)) l.death(id, g + 1);
      living = [...elites, ...children];
    }
    return { generations, lineageRows: l.size, msPerGeneration: ms / timed, meanMrcaAge: treeMrcaAge / timed };
  });
  return { population, runs };
}
