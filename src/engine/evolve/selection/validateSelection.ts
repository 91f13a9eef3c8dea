import { SELECTION_METHODS, type Candidate, type SelectionMethod, type SelectionParams } from './operator';

export { SELECTION_METHODS };

/** Bad selection parameters or population; the message names the field, what was expected and what came. */
export class SelectionError extends Error {
  override name = 'SelectionError';
}

const fail = (field: string, expected: string, got: unknown): never => {
  throw new SelectionError(`selection.${field} must be ${expected} (got ${String(got)})`);
};

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/**
 * Checks the parameters `method` reads and the population before an operator runs.
 * Fields a method does not read are still checked for type, so a typo in a config
 * fails on the first generation rather than when someone switches method.
 */
export function validateSelection(
  method: SelectionMethod,
  pop: readonly Candidate[],
  params: SelectionParams,
  offspring: number,
): void {
  if (!SELECTION_METHODS.includes(params.method)) {
    fail('method', `one of ${SELECTION_METHODS.join(', ')}`, params.method);
  }
  const n = pop.length;
  if (n === 0) fail('population', 'non-empty', 'an empty population');
  const ids = new Set<number>();
  for (const c of pop) {
    if (!isInt(c.id) || c.id < 0) fail('population', 'candidates with non-negative integer ids', c.id);
    if (ids.has(c.id)) fail('population', 'candidates with unique ids', `id ${c.id} twice`);
    ids.add(c.id);
    // NaN is allowed (a diverged individual ranks last); a negative sum of squares is a bug upstream.
    if (c.lsr < 0) fail('population', `candidates with lsr ≥ 0`, `lsr ${c.lsr} for id ${c.id}`);
  }
  for (const w of ['accuracyWeight', 'replicationWeight'] as const) {
    if (!Number.isFinite(params[w]) || params[w] < 0) fail(w, 'a finite number ≥ 0', params[w]);
  }
  if (!isInt(offspring) || offspring < 0) fail('offspring', 'an integer ≥ 0', offspring);
  if (!isInt(params.elites) || params.elites < 0 || params.elites > n) {
    fail('elites', `an integer ≥ 0 and ≤ population (${n})`, params.elites);
  }
  const k = params.tournamentSize;
  if (!isInt(k) || k < 2 || (method === 'tournament' && k > n)) {
    fail('tournamentSize', method === 'tournament' ? `an integer ≥ 2 and ≤ population (${n})` : 'an integer ≥ 2', k);
  }
  const f = params.truncationFraction;
  if (typeof f !== 'number' || !(f > 0 && f <= 1)) fail('truncationFraction', 'a number in (0, 1]', f);
}
