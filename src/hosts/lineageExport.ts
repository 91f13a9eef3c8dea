/**
 * The `export` method's files: a lineage in one of its three formats, from a live
 * evolution run or from a run directory's lineage.csv.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAlifeCsv, type AlifeRow } from '../engine/evolve/lineage/alifeCsv';
import { toJsonl } from '../engine/evolve/lineage/jsonl';
import { Lineage } from '../engine/evolve/lineage/lineage';
import { toNewick } from '../engine/evolve/lineage/newick';
import type { ExportFormat, ResultOf } from '../protocol/messages';

export const EXPORT_FILES: Record<ExportFormat, { extension: string; mime: string }> = {
  'alife-csv': { extension: 'csv', mime: 'text/csv' },
  newick: { extension: 'nwk', mime: 'text/x-nh' },
  jsonl: { extension: 'jsonl', mime: 'application/x-ndjson' },
};

export function exportFile(runDir: string, format: ExportFormat, content: string): ResultOf['export'] {
  const { extension, mime } = EXPORT_FILES[format];
  return { filename: `${basename(runDir)}-lineage.${extension}`, mime, content };
}

/** Rebuilds a Lineage through its own integrity checks, so a damaged CSV fails loudly rather than exporting a broken tree. */
export function lineageFromAlifeRows(rows: readonly AlifeRow[]): Lineage {
  const lineage = new Lineage();
  for (const r of rows) lineage.birth({ id: r.id, parent: r.ancestors[0] ?? null, generation: r.originTime, sigma: r.sigma });
  for (const r of rows) {
    const { accuracy, lsr, srq, corr, meanAbsTheta } = r;
    if (accuracy !== null && lsr !== null && srq !== null && corr !== null && meanAbsTheta !== null) {
      lineage.record(r.id, { accuracy, lsr, srq, corr, meanAbsTheta });
    }
  }
  for (const r of rows) if (r.destructionTime !== null) lineage.death(r.id, r.destructionTime);
  return lineage;
}

/** The lineage of a stored run in `format`; the CSV is returned as written. */
export function exportRunDirectoryLineage(runDir: string, format: ExportFormat): ResultOf['export'] {
  const path = join(runDir, 'lineage.csv');
  if (!existsSync(path)) throw new Error(`export: run directory ${runDir} has no lineage.csv (only evolution runs have a lineage)`);
  const csv = readFileSync(path, 'utf8');
  if (format === 'alife-csv') return exportFile(runDir, format, csv);
  const lineage = lineageFromAlifeRows(parseAlifeCsv(csv));
  return exportFile(runDir, format, format === 'newick' ? toNewick(lineage) : toJsonl(lineage));
}
