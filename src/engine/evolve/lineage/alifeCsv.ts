import { csvField, parseCsv } from './csvRecord';
import type { Individual } from './individual';
import type { Lineage } from './lineage';

/** Columns of the phylogeny file: the ALife standard's four with hstrat's ancestor_id, then Quinarium's own. */
export const ALIFE_COLUMNS = [
  'id', 'ancestor_list', 'ancestor_id', 'origin_time', 'destruction_time',
  'accuracy', 'lsr', 'srq', 'corr', 'mean_abs_theta', 'sigma', 'generation',
  'r2', 'srq_free', 'bits', 'gain', 'rms_theta',
  'innate_accuracy', 'transmission_r2', 'transmission_corr',
] as const;

/** One parsed row; metrics are null where the individual was never measured. */
export interface AlifeRow {
  id: number;
  ancestors: number[];
  originTime: number;
  destructionTime: number | null;
  accuracy: number | null;
  lsr: number | null;
  srq: number | null;
  corr: number | null;
  meanAbsTheta: number | null;
  sigma: number;
  generation: number;
  /** The scale-free metrics; null where unmeasured or in a file written before them. */
  r2: number | null;
  srqFree: number | null;
  bits: number | null;
  gain: number | null;
  rmsTheta: number | null;
  /** Accuracy before lifetime learning, and the child-before-mutation against parent r2 and corr (null where unmeasured, for founders, or in older files). */
  innateAccuracy: number | null;
  transmissionR2: number | null;
  transmissionCorr: number | null;
}

/**
 * `[None]` for a founder, `[7]` for a child of 7 (asexual: at most one ancestor). SPEC's
 * "Lineage file conventions": `[None]` is the one root spelling that ALifeStdDev's
 * literal_eval, Empirical/phylotrackpy's loader and hstrat all accept (`[]` fails in
 * Empirical, `[none]` in literal_eval).
 */
export function ancestorList(parent: number | null): string {
  return parent === null ? '[None]' : `[${parent}]`;
}

// String(x) is the shortest text that reads back to the same double, and writes NaN and
// Infinity by name, which Number() reads back: the CSV round-trips exactly.
const num = (x: number | null | undefined): string => (x === null || x === undefined ? '' : String(x));

/** The header line of a phylogeny file, with its newline. */
export const ALIFE_HEADER = `${ALIFE_COLUMNS.join(',')}\n`;

/**
 * One individual as a phylogeny row, with its newline: time is the generation, so
 * origin_time = generation of birth and destruction_time = generation of death (`inf`
 * while alive, Empirical's convention); ancestor_id is the parent, or a founder's own id
 * (hstrat's). No field needs quoting.
 */
export function alifeCsvRow(ind: Readonly<Individual>): string {
  const m = ind.metrics;
  return `${[
    String(ind.id), csvField(ancestorList(ind.parent)), String(ind.parent ?? ind.id), String(ind.generation), ind.death === null ? 'inf' : String(ind.death),
    num(m?.accuracy), num(m?.lsr), num(m?.srq), num(m?.corr), num(m?.meanAbsTheta),
    String(ind.sigma), String(ind.generation),
    num(m?.r2), num(m?.srqFree), num(m?.bits), num(m?.gain), num(m?.rmsTheta),
    num(m?.innateAccuracy), num(m?.transmissionR2), num(m?.transmissionCorr),
  ].join(',')}\n`;
}

/**
 * The lineage as an ALife Data Standards phylogeny CSV, one row per individual in birth
 * order (the export format). A run's own lineage.csv holds the same rows in the order
 * they became final (lineageCsvFile.ts): sorted by id, the two are the same text.
 */
export function toAlifeCsv(lineage: Lineage): string {
  let out = ALIFE_HEADER;
  for (const ind of lineage.individuals()) out += alifeCsvRow(ind);
  return out;
}

/**
 * Reads `[]`, `[7]`, `[3,7]`, and the root spellings other tools write (`[none]`,
 * `[NONE]`, `['none']`) and quoted ids (`['7']`).
 */
export function parseAncestorList(text: string, where: string): number[] {
  const t = text.trim();
  if (!t.startsWith('[') || !t.endsWith(']')) throw new Error(`${where}: ancestor_list must look like [] or [7] (got ${text})`);
  const items = t.slice(1, -1).split(',').map((s) => s.trim().replace(/^['"]|['"]$/g, '')).filter((s) => s !== '');
  if (items.length === 1 && items[0].toLowerCase() === 'none') return [];
  return items.map((s) => {
    if (!/^\d+$/.test(s)) throw new Error(`${where}: ancestor_list must hold non-negative integer ids (got ${text})`);
    return Number(s);
  });
}

/** Parses a phylogeny CSV written by `toAlifeCsv` (columns found by name, in any order). */
export function parseAlifeCsv(text: string): AlifeRow[] {
  const [header, ...rows] = parseCsv(text).filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) throw new Error('parseAlifeCsv: expected a header line (got empty text)');
  const col = new Map(header.map((name, i) => [name.trim(), i]));
  for (const name of ['id', 'ancestor_list', 'origin_time'] as const) {
    if (!col.has(name)) throw new Error(`parseAlifeCsv: header must have column ${name} (got ${header.join(',')})`);
  }
  return rows.map((r, i) => {
    const where = `parseAlifeCsv: row ${i + 2}`;
    const cell = (name: string): string => (col.has(name) ? (r[col.get(name)!] ?? '').trim() : '');
    const required = (name: string): number => {
      const v = Number(cell(name));
      if (cell(name) === '' || !Number.isFinite(v)) throw new Error(`${where}: ${name} must be a number (got '${cell(name)}')`);
      return v;
    };
    const optional = (name: string): number | null => {
      const s = cell(name);
      if (s === '') return null;
      // A number first: lower-casing every cell to look for `none` cost more than the rest of the row.
      const v = Number(s);
      if (!Number.isNaN(v) || s === 'NaN') return v;
      if (s.toLowerCase() === 'none') return null;
      throw new Error(`${where}: ${name} must be a number or empty (got '${s}')`);
    };
    const originTime = required('origin_time');
    // The living: `inf` (Empirical, and what we write), empty or none (older files, other tools).
    const death = cell('destruction_time').toLowerCase();
    return {
      id: required('id'),
      ancestors: parseAncestorList(cell('ancestor_list'), where),
      originTime,
      destructionTime: death === 'inf' || death === 'infinity' ? null : optional('destruction_time'),
      accuracy: optional('accuracy'),
      lsr: optional('lsr'),
      srq: optional('srq'),
      corr: optional('corr'),
      meanAbsTheta: optional('mean_abs_theta'),
      sigma: optional('sigma') ?? 0,
      generation: optional('generation') ?? originTime,
      r2: optional('r2'),
      srqFree: optional('srq_free'),
      bits: optional('bits'),
      gain: optional('gain'),
      rmsTheta: optional('rms_theta'),
      innateAccuracy: optional('innate_accuracy'),
      transmissionR2: optional('transmission_r2'),
      transmissionCorr: optional('transmission_corr'),
    };
  });
}
