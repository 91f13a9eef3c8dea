import { decodeMetrics, encodeMetrics, type LineageJSON, readLineageJSON } from './lineageJson';
import { METRIC_KEYS, type Individual, type LineageMetrics } from './individual';

export { METRIC_KEYS, type Individual, type LineageMetrics };


/** A broken integrity rule: the message names the operation, the individual and what was wrong. */
export class LineageError extends Error {
  override name = 'LineageError';
}

const isGeneration = (g: unknown): g is number => typeof g === 'number' && Number.isInteger(g) && g >= 0;

/**
 * The phylogeny of a run: every individual ever born, its parent, birth and death.
 * Integrity is enforced on every call, so a checkpoint or an export can never hold a
 * tree that ALife tools would reject. An individual present in generations g…d−1 has
 * generation g and death d; a child born in generation d of a parent that dies at d
 * is the normal generational hand-over.
 */
export class Lineage {
  private readonly byId = new Map<number, Individual>();
  private readonly childIds = new Map<number, number[]>();
  private readonly living = new Set<number>();
  /** Each individual's founder, set at birth (a child's is its parent's), so rootOf is O(1) on runs of any depth. */
  private readonly roots = new Map<number, number>();

  birth(b: { id: number; parent: number | null; generation: number; sigma: number }): void {
    const where = `Lineage.birth(id ${b.id})`;
    if (!Number.isInteger(b.id) || b.id < 0) throw new LineageError(`${where}: id must be a non-negative integer`);
    if (this.byId.has(b.id)) throw new LineageError(`${where}: id must be unique, but ${b.id} was already born`);
    if (!isGeneration(b.generation)) throw new LineageError(`${where}: generation must be an integer ≥ 0 (got ${b.generation})`);
    if (!(Number.isFinite(b.sigma) && b.sigma >= 0)) throw new LineageError(`${where}: sigma must be a finite number ≥ 0 (got ${b.sigma})`);
    if (b.parent !== null) {
      const p = this.byId.get(b.parent);
      if (!p) throw new LineageError(`${where}: parent ${b.parent} must exist, but was never born`);
      if (b.generation <= p.generation) {
        throw new LineageError(`${where}: generation must be after parent ${p.id}'s birth (${p.generation}) (got ${b.generation})`);
      }
      if (p.death !== null && b.generation > p.death) {
        throw new LineageError(`${where}: parent ${p.id} died at generation ${p.death}, before this birth at ${b.generation}`);
      }
      this.childIds.get(p.id)!.push(b.id);
    }
    this.byId.set(b.id, { id: b.id, parent: b.parent, generation: b.generation, sigma: b.sigma, death: null, metrics: null });
    this.childIds.set(b.id, []);
    this.roots.set(b.id, b.parent === null ? b.id : this.roots.get(b.parent)!);
    this.living.add(b.id);
  }

  death(id: number, generation: number): void {
    const where = `Lineage.death(id ${id})`;
    const ind = this.mutable(id, where);
    if (ind.death !== null) throw new LineageError(`${where}: already died at generation ${ind.death}`);
    if (!isGeneration(generation) || generation <= ind.generation) {
      throw new LineageError(`${where}: death generation must be an integer after birth (${ind.generation}) (got ${generation})`);
    }
    const lastChild = Math.max(-1, ...this.childIds.get(id)!.map((c) => this.byId.get(c)!.generation));
    if (generation < lastChild) {
      throw new LineageError(`${where}: death generation must not precede a child's birth (${lastChild}) (got ${generation})`);
    }
    ind.death = generation;
    this.living.delete(id);
  }

  record(id: number, metrics: LineageMetrics): void {
    const where = `Lineage.record(id ${id})`;
    const ind = this.mutable(id, where);
    if (ind.death !== null) throw new LineageError(`${where}: died at generation ${ind.death}; its metrics are final`);
    for (const k of METRIC_KEYS) {
      if (typeof metrics[k] !== 'number') throw new LineageError(`${where}: metrics.${k} must be a number (got ${typeof metrics[k]})`);
    }
    ind.metrics = { ...metrics };
  }

  has(id: number): boolean { return this.byId.has(id); }
  get size(): number { return this.byId.size; }

  get(id: number): Readonly<Individual> { return this.mutable(id, 'Lineage.get'); }

  /** Every individual, in birth order (parents before children). */
  individuals(): readonly Readonly<Individual>[] { return [...this.byId.values()]; }

  children(id: number): readonly number[] {
    this.mutable(id, 'Lineage.children');
    return this.childIds.get(id)!;
  }

  /** Ids of the living, in birth order. */
  alive(): number[] { return [...this.living]; }

  /** Whether `id` was present in generation `g` (born at or before g, not yet dead). */
  presentAt(id: number, g: number): boolean {
    const ind = this.get(id);
    return ind.generation <= g && (ind.death === null || ind.death > g);
  }

  /** `id` and its ancestors, nearest first, ending at its founder. */
  ancestry(id: number): number[] {
    const chain = [id];
    for (let p = this.get(id).parent; p !== null; p = this.byId.get(p)!.parent) chain.push(p);
    return chain;
  }

  /** The founder `id` descends from (itself for a founder). */
  rootOf(id: number): number {
    this.mutable(id, 'Lineage.rootOf');
    return this.roots.get(id)!;
  }

  toJSON(): LineageJSON {
    return {
      version: 1,
      individuals: this.individuals().map((ind) => ({
        ...ind,
        metrics: ind.metrics && encodeMetrics(ind.metrics),
      })),
    };
  }

  /**
   * Rebuilds a lineage from its individuals in any order (a run's lineage.csv holds the
   * dead before the living), through birth/record/death: ids are given in birth order,
   * so sorted by id every parent comes before its children.
   */
  static fromIndividuals(individuals: readonly Readonly<Individual>[]): Lineage {
    const lineage = new Lineage();
    const rows = [...individuals].sort((a, b) => a.id - b.id);
    for (const r of rows) lineage.birth(r);
    for (const r of rows) if (r.metrics) lineage.record(r.id, r.metrics);
    for (const r of rows) if (r.death !== null) lineage.death(r.id, r.death);
    return lineage;
  }

  /** Rebuilds a lineage through birth/record/death, so a corrupt checkpoint fails the same checks. */
  static fromJSON(json: unknown): Lineage {
    const lineage = new Lineage();
    const rows = readLineageJSON(json);
    for (const r of rows) lineage.birth(r);
    for (const r of rows) if (r.metrics) lineage.record(r.id, decodeMetrics(r.metrics));
    for (const r of rows) if (r.death !== null) lineage.death(r.id, r.death);
    return lineage;
  }

  private mutable(id: number, where: string): Individual {
    const ind = this.byId.get(id);
    if (!ind) throw new LineageError(`${where}: no individual with id ${id}`);
    return ind;
  }
}
