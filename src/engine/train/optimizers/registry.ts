import { adagrad } from './adagrad';
import { adam } from './adam';
import { adamax } from './adamax';
import { momentum } from './momentum';
import { Optimizer, type Hyper, type OptimizerDefinition, type OptimizerName } from './optimizer';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';

/**
 * Every optimiser's name, in the paper's order (Fig. 4): the one list the config
 * schemas' enums, the CLI flags and help, and the paper's optimiser arms read.
 */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam', 'adagrad', 'adamax', 'rmsprop'] as const satisfies readonly OptimizerName[];

// Every OptimizerName is in the list (a new optimiser left out fails to compile).
const everyNameListed: Exclude<OptimizerName, (typeof OPTIMIZER_NAMES)[number]> extends never ? true : never = true;
void everyNameListed;

const registry = new Map<OptimizerName, OptimizerDefinition>();

function register(def: OptimizerDefinition): void {
  if (registry.has(def.name)) throw new Error(`optimizer registry: "${def.name}" registered twice`);
  registry.set(def.name, def);
}

for (const def of [sgd, momentum, adam, adagrad, adamax, rmsprop]) register(def);

if (registry.size !== OPTIMIZER_NAMES.length || OPTIMIZER_NAMES.some((name, i) => [...registry.keys()][i] !== name)) {
  throw new Error(`optimizer registry: definitions ${[...registry.keys()].join(', ')} do not match OPTIMIZER_NAMES ${OPTIMIZER_NAMES.join(', ')}`);
}

export const optimizerNames = (): OptimizerName[] => [...OPTIMIZER_NAMES];

export function optimizerDefinition(name: string): OptimizerDefinition {
  const def = registry.get(name as OptimizerName);
  if (!def) throw new Error(`optimizer: unknown "${name}", expected one of ${optimizerNames().join(', ')}`);
  return def;
}

export function createOptimizer(name: string, shape: number[], over: Partial<Hyper> = {}): Optimizer {
  const def = optimizerDefinition(name);
  return new Optimizer(def, { ...def.defaults, ...over }, shape);
}

/** One optimiser per lane of a LaneSet (each lane's state is its own). */
export function createLaneOptimizers(name: string, lanes: number, n: number, over: Partial<Hyper> = {}): Optimizer[] {
  return Array.from({ length: lanes }, () => createOptimizer(name, [n], over));
}
