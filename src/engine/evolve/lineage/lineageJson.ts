import { LATER_METRIC_KEYS, METRIC_KEYS, type Individual, type LineageMetrics } from './individual';

/**
 * A metric as stored in JSON: a number, or the name of a non-finite value. JSON has no
 * NaN or Infinity (JSON.stringify writes null), yet a diverged individual's L_SR is
 * exactly that, and a checkpoint must give it back unchanged.
 */
export type EncodedMetric = number | 'NaN' | 'Infinity' | '-Infinity';

export interface IndividualJSON extends Omit<Individual, 'metrics'> {
  metrics: Record<keyof LineageMetrics, EncodedMetric> | null;
}

export interface LineageJSON {
  version: 1;
  individuals: IndividualJSON[];
}

const encodeOne = (x: number): EncodedMetric => (Number.isFinite(x) ? x : (String(x) as EncodedMetric));

export function encodeMetrics(m: LineageMetrics): Record<keyof LineageMetrics, EncodedMetric> {
  return Object.fromEntries(METRIC_KEYS.map((k) => [k, encodeOne(m[k])])) as Record<keyof LineageMetrics, EncodedMetric>;
}

const decodeOne = (x: unknown, key: string): number => {
  if (typeof x === 'number') return x;
  if (x === 'NaN' || x === 'Infinity' || x === '-Infinity') return Number(x);
  throw new Error(`Lineage.fromJSON: metrics.${key} must be a number, 'NaN', 'Infinity' or '-Infinity' (got ${JSON.stringify(x)})`);
};

export function decodeMetrics(m: Record<string, unknown>): LineageMetrics {
  return Object.fromEntries(METRIC_KEYS.map((k) => [k, m[k] === undefined && LATER_METRIC_KEYS.includes(k) ? NaN : decodeOne(m[k], k)])) as unknown as LineageMetrics;
}

/** One individual as a checkpoint stores it (non-finite metrics by name). */
export function individualJSON(ind: Readonly<Individual>): IndividualJSON {
  return { ...ind, metrics: ind.metrics && encodeMetrics(ind.metrics) };
}

/** Checks the shape of a stored lineage; values are then checked by replaying it. */
export function readLineageJSON(json: unknown): (Omit<IndividualJSON, 'metrics'> & { metrics: Record<string, unknown> | null })[] {
  const j = json as Partial<LineageJSON> | null;
  if (!j || typeof j !== 'object' || j.version !== 1 || !Array.isArray(j.individuals)) {
    throw new Error(`Lineage.fromJSON: expected { version: 1, individuals: [...] } (got ${JSON.stringify(json)?.slice(0, 80)})`);
  }
  return j.individuals.map((r, i) => {
    if (!r || typeof r !== 'object') throw new Error(`Lineage.fromJSON: individuals[${i}] must be an object (got ${JSON.stringify(r)})`);
    const death = r.death ?? null;
    const metrics = r.metrics ?? null;
    if (metrics !== null && typeof metrics !== 'object') {
      throw new Error(`Lineage.fromJSON: individuals[${i}].metrics must be an object or null (got ${JSON.stringify(metrics)})`);
    }
    return { id: r.id, parent: r.parent ?? null, generation: r.generation, sigma: r.sigma, death, metrics };
  });
}
