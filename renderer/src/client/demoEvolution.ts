import type { GenerationRow, IndividualDetail, IndividualRow } from '../../../src/protocol/messages';
import { paretoFront } from '../charts/paretoFront';
import { normalDraw, seededRandom } from './seededRandom';

/** Weights of the auxiliary quine (N in SRQ = ln(N / L_SR)). */
const WEIGHT_COUNT = 21100;

export interface DemoEvolutionOptions {
  population: number;
  seed: number;
  elites?: number;
  tournamentSize?: number;
  /** Standard deviation of the heritable traits' mutation. */
  sigma?: number;
}

/** What one generation tells its listeners, in the engine's order. */
export interface DemoGenerationEvents {
  generation: number;
  population: IndividualRow[];
  births: IndividualRow[];
  deaths: number[];
  summary: GenerationRow;
}

interface Traits { skill: number; replication: number; root: number }

/**
 * A stand-in for the engine's evolution, cheap enough to run in the page: two
 * heritable traits (task skill, replication) with a trade-off between them,
 * tournament selection with elites, and the same births/deaths/population/generation
 * records the real session sends. Used by `?demo=1`, the benchmark and the tests —
 * never as evidence about quines.
 */
export class DemoEvolution {
  private readonly random: () => number;
  private readonly rows = new Map<number, IndividualRow>();
  private readonly traits = new Map<number, Traits>();
  private readonly summaries: GenerationRow[] = [];
  private living: number[] = [];
  private nextId = 0;
  generation = 0;

  constructor(private readonly options: DemoEvolutionOptions) {
    if (!(Number.isInteger(options.population) && options.population >= 2)) {
      throw new RangeError(`DemoEvolution: expected population to be an integer ≥ 2, got ${options.population}`);
    }
    this.random = seededRandom(options.seed);
    for (let i = 0; i < options.population; i++) {
      this.living.push(this.born(null, 0, { skill: 0.2 + 0.2 * this.random(), replication: 0.3 * normalDraw(this.random), root: this.nextId }));
    }
  }

  individuals(): IndividualRow[] { return [...this.rows.values()]; }
  get size(): number { return this.rows.size; }
  generations(): GenerationRow[] { return [...this.summaries]; }
  row(id: number): IndividualRow | undefined { return this.rows.get(id); }

  /** Evaluates the living, selects, reproduces (not after the last generation): one generation. */
  step(reproduce = true): DemoGenerationEvents {
    const g = this.generation;
    const sigma = this.options.sigma ?? 0.08;
    for (const id of this.living) this.measure(id);
    const population = this.living.map((id) => this.rows.get(id)!);
    const score = (r: IndividualRow) => (r.accuracy ?? 0) - 0.1 * Math.log10(r.lsr ?? 1);
    const ranked = [...population].sort((a, b) => score(b) - score(a));
    const elites = ranked.slice(0, Math.min(this.options.elites ?? 2, population.length - 1)).map((r) => r.id);
    const births: IndividualRow[] = [];
    const size = this.options.tournamentSize ?? 3;
    while (reproduce && elites.length + births.length < this.options.population) {
      let winner = population[Math.floor(this.random() * population.length)];
      for (let t = 1; t < size; t++) {
        const rival = population[Math.floor(this.random() * population.length)];
        if (score(rival) > score(winner)) winner = rival;
      }
      const parent = this.traits.get(winner.id)!;
      const skill = Math.max(0, parent.skill + sigma * normalDraw(this.random) + 0.01);
      // The trade-off: gains in task skill cost replication.
      const replication = parent.replication + sigma * normalDraw(this.random) - 0.6 * Math.max(0, skill - parent.skill);
      births.push(this.rows.get(this.born(winner.id, g + 1, { skill, replication, root: parent.root }))!);
    }
    const keep = new Set(elites);
    const deaths = reproduce ? this.living.filter((id) => !keep.has(id)) : [];
    for (const id of deaths) this.rows.set(id, { ...this.rows.get(id)!, died: g + 1 });
    if (reproduce) this.living = [...elites, ...births.map((b) => b.id)];
    const summary = this.summarise(g, population);
    this.summaries.push(summary);
    this.generation = g + 1;
    return { generation: g, population, births, deaths, summary };
  }

  /** Synthetic W1/W2 weights and predictions whose mismatch grows with the individual's L_SR. */
  inspect(id: number): IndividualDetail {
    const individual = this.rows.get(id);
    if (!individual) throw new RangeError(`DemoEvolution.inspect: unknown individual id ${id}`);
    const ancestry: IndividualRow[] = [];
    for (let r: IndividualRow | undefined = individual; r; r = r.parent === null ? undefined : this.rows.get(r.parent)) ancestry.push(r);
    ancestry.reverse();
    const random = seededRandom(1000 + id);
    const margin = Math.sqrt((individual.lsr ?? 1) / WEIGHT_COUNT);
    const weights = ['W1', 'W2'].map((name, layer) => {
      const theta: number[] = [];
      const predicted: number[] = [];
      for (let r = 0; r < 100; r++) {
        for (let c = 0; c < 100; c++) {
          // Smooth structure plus heavy-tailed noise: weights spanning orders of magnitude, as in Fig. 7.
          const structure = 0.04 * Math.sin((r + 3 * layer) / 7) * Math.cos(c / 11);
          const v = structure + 0.02 * normalDraw(random) * Math.exp(normalDraw(random));
          theta.push(v);
          predicted.push(v + margin * normalDraw(random));
        }
      }
      return { name, rows: 100, cols: 100, theta, predicted };
    });
    return { individual, ancestry, weights };
  }

  private born(parent: number | null, generation: number, traits: Traits): number {
    const id = this.nextId++;
    this.traits.set(id, traits);
    this.rows.set(id, { id, parent, born: generation, died: null, accuracy: null, lsr: null, srq: null, corr: null, meanAbsTheta: null, sigma: parent === null ? 0 : this.options.sigma ?? 0.08 });
    return id;
  }

  private measure(id: number): void {
    const t = this.traits.get(id)!;
    const accuracy = Math.min(0.99, 0.1 + 0.85 * (1 - Math.exp(-t.skill)) + 0.01 * normalDraw(this.random));
    const lsr = 10 ** (1.8 - t.replication + 0.05 * normalDraw(this.random));
    const row = this.rows.get(id)!;
    this.rows.set(id, { ...row, accuracy, lsr, srq: Math.log(WEIGHT_COUNT / lsr), corr: Math.tanh(t.replication + 1), meanAbsTheta: 0.05 });
  }

  private summarise(generation: number, population: IndividualRow[]): GenerationRow {
    const acc = population.map((r) => r.accuracy ?? NaN);
    const lsr = population.map((r) => r.lsr ?? NaN);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const median = (v: number[]) => {
      const s = [...v].sort((a, b) => a - b);
      return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    const roots = new Set(population.map((r) => this.traits.get(r.id)!.root));
    return {
      generation,
      population: population.length,
      bestAccuracy: Math.max(...acc),
      meanAccuracy: mean(acc),
      medianAccuracy: median(acc),
      bestLsr: Math.min(...lsr),
      meanLsr: mean(lsr),
      medianLsr: median(lsr),
      meanSrq: mean(population.map((r) => r.srq ?? NaN)),
      meanCorr: mean(population.map((r) => r.corr ?? NaN)),
      meanAbsTheta: mean(population.map((r) => r.meanAbsTheta ?? NaN)),
      diversity: null,
      heritability: null,
      survivingRoots: roots.size,
      mrcaDepth: null,
      front: paretoFront(acc, lsr).map((i) => [acc[i], lsr[i]] as [number, number]),
      seconds: 0,
    };
  }
}

/**
 * A finished synthetic lineage of at least `nodes` individuals (the last generation
 * is cut to hit the count exactly), for the benchmark and layout tests.
 */
export function syntheticLineage(nodes: number, population: number, seed = 1): IndividualRow[] {
  const evolution = new DemoEvolution({ population, seed });
  while (evolution.size < nodes) evolution.step();
  return evolution.individuals().slice(0, nodes);
}
