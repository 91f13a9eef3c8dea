import type { IndividualRow } from '../../../src/protocol/messages';

/** A per-individual quantity the lineage can be coloured by. */
export interface ColourMetric {
  key: ColourByKey;
  /** What the legend and the select show: the quantity in its own units. */
  label: string;
  /** The value for one individual; NaN when not measured (drawn grey). */
  value: (row: IndividualRow) => number;
  /** The narrowest scale shown, so a uniform population is not stretched over the whole map. */
  minWidth: number;
}

export type ColourByKey = 'accuracy' | 'innate' | 'transmission' | 'r2' | 'fidelity' | 'srq' | 'corr' | 'rmsTheta' | 'born' | 'sigma';
/** Size takes any metric colour can: the same list, the same robust scale. */
export type SizeByKey = ColourByKey;

const num = (v: number | null): number => (v === null ? Number.NaN : v);

/**
 * The choices of the lineage's "colour by". r2 is here because L_SR alone cannot
 * tell a genuine quine from a shrinking θ (SPEC, "Beyond the paper"); RMS θ is on a
 * log scale because it spans decades as θ shrinks (evo/default: ×10⁻³ in 40 generations).
 */
export const COLOUR_BY: readonly ColourMetric[] = [
  { key: 'accuracy', label: 'accuracy', value: (r) => num(r.accuracy), minWidth: 0.02 },
  // What was inherited rather than learned (issue 9); older runs' rows lack them (grey).
  { key: 'innate', label: 'accuracy before learning', value: (r) => num(r.innateAccuracy ?? null), minWidth: 0.02 },
  { key: 'transmission', label: 'transmission r2 (clipped at −1)', value: (r) => (r.transmissionR2 === null || r.transmissionR2 === undefined ? Number.NaN : Math.max(-1, r.transmissionR2)), minWidth: 0.02 },
  // Clipped at −1 like the r2 chart: below −1 a network is worse than outputting zero, and
  // the e2e run's r2 reached −2·10¹⁴, which on a linear scale paints every living node one colour.
  { key: 'r2', label: 'r2, scale-free (clipped at −1)', value: (r) => (r.r2 === null ? Number.NaN : Math.max(-1, r.r2)), minWidth: 0.02 },
  { key: 'fidelity', label: '−log₁₀ L_SR', value: (r) => (r.lsr !== null && r.lsr > 0 ? 0 - Math.log10(r.lsr) : Number.NaN), minWidth: 0.1 },
  { key: 'srq', label: 'SRQ = ln(N / L_SR)', value: (r) => num(r.srq), minWidth: 0.1 },
  { key: 'corr', label: 'corr(f, θ)', value: (r) => num(r.corr), minWidth: 0.02 },
  { key: 'rmsTheta', label: 'log₁₀ RMS θ', value: (r) => (r.rmsTheta !== null && r.rmsTheta > 0 ? Math.log10(r.rmsTheta) : Number.NaN), minWidth: 0.1 },
  { key: 'born', label: 'birth generation', value: (r) => r.born, minWidth: 1 },
  { key: 'sigma', label: 'mutation σ', value: (r) => r.sigma, minWidth: 1e-4 },
];

export function colourMetric(key: string): ColourMetric {
  const m = COLOUR_BY.find((c) => c.key === key);
  if (!m) throw new RangeError(`colour by: unknown metric '${key}' (expected one of ${COLOUR_BY.map((c) => c.key).join(', ')})`);
  return m;
}

/**
 * The 5th..95th percentile of the finite values (nearest rank), widened to at least
 * `minWidth` round its centre; [0, 1] when none is finite. A robust scale: with
 * min..max one outlier (a founder's L_SR of 10⁴, a diverged r2 of −40) squeezes
 * everyone else into one colour, which is how the accuracy colour saturated by
 * generation 15 of evo/default.
 */
export function percentileDomain(values: ArrayLike<number>, n = values.length, minWidth = 1e-6, lo = 0.05, hi = 0.95): [number, number] {
  const finite: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  if (!finite.length) return [0, 1];
  finite.sort((a, b) => a - b);
  const at = (q: number) => finite[Math.min(finite.length - 1, Math.max(0, Math.round(q * (finite.length - 1))))];
  let a = at(lo), b = at(hi);
  if (b - a < minWidth) {
    const c = (a + b) / 2;
    a = c - minWidth / 2;
    b = c + minWidth / 2;
  }
  return [a, b];
}
