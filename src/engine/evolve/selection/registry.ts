import { SELECTION_METHODS, type SelectionMethod, type SelectionOperator } from './operator';
import { nsga2MuPlusLambdaSelection } from './nsga2MuPlusLambda';
import { paretoSelection } from './pareto';
import { tournamentSelection } from './tournament';
import { truncationSelection } from './truncation';
import { weightedSelection } from './weighted';

/** Builds a name → operator registry; registering a name twice is a bug and throws. */
export function createSelectionRegistry(operators: readonly SelectionOperator[]): ReadonlyMap<SelectionMethod, SelectionOperator> {
  const registry = new Map<SelectionMethod, SelectionOperator>();
  for (const op of operators) {
    if (registry.has(op.name)) {
      throw new Error(`createSelectionRegistry: selection operator '${op.name}' is registered twice`);
    }
    registry.set(op.name, op);
  }
  return registry;
}

/** Every selection operator; the CLI, the app and the tests enumerate this list. */
export const SELECTION_OPERATORS: readonly SelectionOperator[] = [
  weightedSelection,
  tournamentSelection,
  truncationSelection,
  paretoSelection,
  nsga2MuPlusLambdaSelection,
];

export const selectionRegistry = createSelectionRegistry(SELECTION_OPERATORS);

/** Every selection method's name (the config schema's `selection.method` values); one operator each, checked here at load. */
export { SELECTION_METHODS };
if (selectionRegistry.size !== SELECTION_METHODS.length || SELECTION_METHODS.some((m, i) => SELECTION_OPERATORS[i].name !== m)) {
  throw new Error(`selection registry: operators ${SELECTION_OPERATORS.map((op) => op.name).join(', ')} do not match SELECTION_METHODS ${SELECTION_METHODS.join(', ')}`);
}

/** The operator for `method`; an unknown name lists the known ones. */
export function selectionOperator(method: string): SelectionOperator {
  const op = selectionRegistry.get(method as SelectionMethod);
  if (!op) {
    throw new Error(`selectionOperator: selection.method must be one of ${[...selectionRegistry.keys()].join(', ')} (got ${method})`);
  }
  return op;
}
