/**
 * The one lineage exporter: a lineage in each export format, and the lineage of a
 * stored run. The CLI's `export`, the app's export button and a live run's export all
 * call it, so the same run gives the same bytes wherever it is exported from.
 */
import { readFileSync } from 'node:fs';
import type { ExportFormat } from '../../../protocol/names';
import { CheckpointError } from '../../store/errors';
import type { RunDirectory } from '../../store/runDirectory';
import { parseAlifeCsv, toAlifeCsv, type AlifeRow } from './alifeCsv';
import { toJsonl } from './jsonl';
import { Lineage } from './lineage';
import { toNewick } from './newick';

/** One writer per export format (a format added to EXPORT_FORMATS without one fails to compile). Every file ends in a newline. */
const WRITERS: Record<ExportFormat, (lineage: Lineage) => string> = {
  'alife-csv': toAlifeCsv,
  newick: (lineage) => `${toNewick(lineage)}\n`,
  jsonl: toJsonl,
};

export function exportLineage(lineage: Lineage, format: ExportFormat): string {
  return WRITERS[format](lineage);
}

/**
 * Rebuilds a Lineage through its own integrity checks, so a damaged CSV fails loudly
 * rather than exporting a broken tree. Rows may come in any order (a run's lineage.csv
 * holds the dead before the living): ids are given in birth order, so they are taken by id.
 */
export function lineageFromAlifeRows(unordered: readonly AlifeRow[]): Lineage {
  const rows = [...unordered].sort((a, b) => a.id - b.id);
  const lineage = new Lineage();
  for (const r of rows) lineage.birth({ id: r.id, parent: r.ancestors[0] ?? null, generation: r.originTime, sigma: r.sigma });
  for (const r of rows) {
    const { accuracy, lsr, srq, corr, meanAbsTheta } = r;
    if (accuracy !== null && lsr !== null && srq !== null && corr !== null && meanAbsTheta !== null) {
      // A file written before the scale-free or the inheritance metrics has none: they read back as NaN (not measured).
      const later = (x: number | null) => x ?? NaN;
      lineage.record(r.id, { accuracy, lsr, srq, corr, meanAbsTheta, r2: later(r.r2), srqFree: later(r.srqFree), bits: later(r.bits), gain: later(r.gain), rmsTheta: later(r.rmsTheta), innateAccuracy: later(r.innateAccuracy), transmissionR2: later(r.transmissionR2), transmissionCorr: later(r.transmissionCorr) });
    }
  }
  for (const r of rows) if (r.destructionTime !== null) lineage.death(r.id, r.destructionTime);
  return lineage;
}

/**
 * The lineage of a stored evolution run in `format`, from its lineage.csv (brought up
 * to date every generation, so it is as current as the run), rebuilt through the
 * lineage's checks and written by the one exporter: the same bytes as the live run's
 * export. (lineage.csv itself holds the same rows, the dead first: lineageCsvFile.ts.)
 */
export function exportStoredLineage(run: RunDirectory, format: ExportFormat): string {
  if (run.kind !== 'evolution') throw new CheckpointError(`export: ${run.dir} is a ${run.kind} run and has no lineage.csv (only evolution runs have a lineage)`);
  if (!run.has('lineage')) throw new CheckpointError(`export: run directory ${run.dir} has no lineage.csv yet`);
  const path = run.path('lineage');
  const csv = readFileSync(path, 'utf8');
  let lineage: Lineage;
  try {
    lineage = lineageFromAlifeRows(parseAlifeCsv(csv));
  } catch (err) {
    throw new CheckpointError(`export: ${path}: ${(err as Error).message}`);
  }
  return exportLineage(lineage, format);
}
