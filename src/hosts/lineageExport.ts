/**
 * The `export` method's reply: a lineage file's name and MIME type around the bytes
 * the one exporter (engine/evolve/lineage/exportLineage.ts) wrote.
 */
import { basename } from 'node:path';
import { exportStoredLineage } from '../engine/evolve/lineage/exportLineage';
import { RunDirectory } from '../engine/store/runDirectory';
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

/** The lineage of a stored run in `format`. */
export function exportRunDirectoryLineage(runDir: string, format: ExportFormat): ResultOf['export'] {
  return exportFile(runDir, format, exportStoredLineage(RunDirectory.open(runDir), format));
}
