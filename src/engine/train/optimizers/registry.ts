import { adagrad } from './adagrad';
import { adam } from './adam';
import { adamax } from './adamax';
import { momentum } from './momentum';
import { Optimizer, type Hyper, type OptimizerDefinition, type OptimizerName } from './optimizer';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';

const registry = new Map<OptimizerName, OptimizerDefinition>();

function register(def: OptimizerDefinition): void {
  if (registry.has(def.name)) throw new Error(`optimizer registry: "${def.name}" registered twice`);
  registry.set(def.name, def);
}

// The paper's order (Fig. 4).
for (const def of [sgd, momentum, adam, adagrad, adamax, rmsprop]) register(def);

export const optimizerNames = (): OptimizerName[] => [...registry.keys()];

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
