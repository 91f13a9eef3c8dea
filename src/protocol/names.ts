/**
 * Name lists the wire carries and the renderer shows: each is spelled once here,
 * and its type, the request validation, the engine and the hosts derive from it.
 */

/** The two kinds of run (and of preset): a paper experiment or an evolution. */
export const RUN_KINDS = ['paper', 'evolution'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** The lineage export formats: ALife Data Standards phylogeny CSV, Newick, JSONL. */
export const EXPORT_FORMATS = ['alife-csv', 'newick', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
