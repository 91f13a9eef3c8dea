/** One individual as selection sees it: its id and its two objectives. */
export interface Candidate {
  id: number;
  /** Validation accuracy in [0, 1]; higher is better. NaN marks a diverged individual. */
  accuracy: number;
  /** Self-replication loss L_SR ≥ 0; lower is better. NaN or Infinity marks a diverged individual. */
  lsr: number;
}

/**
 * Every selection method's name, in the order the CLI and the app list them; the
 * registry (`registry.ts`) checks at load that each has exactly one operator.
 */
export const SELECTION_METHODS = ['weighted', 'tournament', 'truncation', 'pareto', 'nsga2-mu-plus-lambda'] as const;
export type SelectionMethod = (typeof SELECTION_METHODS)[number];

/** Selection hyper-parameters; each method reads the fields it needs, all are validated. */
export interface SelectionParams {
  method: SelectionMethod;
  accuracyWeight: number;
  replicationWeight: number;
  tournamentSize: number;
  truncationFraction: number;
  elites: number;
  /** What the replication loss `lsr` of each candidate is (config `selection.replication`); nsga2-mu-plus-lambda sorts on log10 L_SR for `lsr`. */
  replication?: 'lsr' | 'one-minus-r2';
  /**
   * Ids that may not live into the next generation (`selection.maxAge`). Read only by
   * operators whose survival is the selection itself (nsga2-mu-plus-lambda): they leave
   * these out of `elites` and draw one more parent for each. The others ignore it, and
   * generation.ts replaces their aged-out elites with children afterwards.
   */
  expiring?: ReadonlySet<number>;
}

export interface SelectionResult {
  /** Parent ids, one per child slot (offspring, plus one per expiring elite an operator left out); an id may repeat. */
  parents: number[];
  /** Ids that survive unchanged (same id) into the next generation, best first. */
  elites: number[];
  /** The scalar each candidate was judged by: the weighted score, or −rank for pareto. */
  scores: Map<number, number>;
  /** Pareto front index per id (0 = non-dominated); pareto only. */
  ranks?: Map<number, number>;
  /** Crowding distance per id within its front; pareto only. */
  crowding?: Map<number, number>;
}

/** A selection method, registered by name in `registry.ts`. */
export interface SelectionOperator {
  name: SelectionMethod;
  /** One line for CLI help and the app's form. */
  describe: string;
  /** How many of `population` survive (μ), for methods whose survival is the selection itself; `selection.elites` otherwise. */
  survivors?: (population: number) => number;
  select(pop: Candidate[], params: SelectionParams, offspring: number, rand: () => number): SelectionResult;
}
