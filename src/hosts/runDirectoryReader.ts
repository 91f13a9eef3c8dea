/**
 * Reads run directories back for the app's "open a previous run": the listing of a
 * runs folder and one run as replay data. A run may be unfinished or still being
 * written, so every file is optional.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { parseAlifeCsv, type AlifeRow } from '../engine/evolve/lineage/alifeCsv';
import { JsonlLog } from '../engine/store/jsonlLog';
import { RunDirectory } from '../engine/store/runDirectory';
import type { GenerationRow, IndividualRow, RunListing, RunReplay } from '../protocol/messages';

const readJsonlIfPresent = <T extends object>(path: string): T[] => (existsSync(path) ? JsonlLog.readJsonl<T>(path) : []);

export function individualFromAlifeRow(row: AlifeRow): IndividualRow {
  return {
    id: row.id,
    parent: row.ancestors[0] ?? null,
    born: row.originTime,
    died: row.destructionTime,
    accuracy: row.accuracy,
    lsr: row.lsr,
    srq: row.srq,
    corr: row.corr,
    meanAbsTheta: row.meanAbsTheta,
    r2: row.r2,
    rmsTheta: row.rmsTheta,
    bits: row.bits,
    innateAccuracy: row.innateAccuracy,
    transmissionR2: row.transmissionR2,
    sigma: row.sigma,
  };
}

/**
 * Resolves `dir` (absolute, or relative to `runsDir`) and refuses anything outside
 * `runsDir`: the page may only read the runs it was given, not the file system.
 */
export function resolveRunDirectory(runsDir: string, dir: string): string {
  const root = resolve(runsDir);
  const given = isAbsolute(dir) ? resolve(dir) : resolve(root, dir);
  const outside = () => new Error(`openRun: run directory must be inside the runs folder ${root} (got ${JSON.stringify(dir)})`);
  if (!inside(root, given)) throw outside();
  if (!existsSync(given) || !statSync(given).isDirectory()) throw new Error(`openRun: run directory ${given} does not exist`);
  // Containment is judged on real paths: a symlink inside the runs folder may lead out of it.
  if (!inside(realpathSync(root), realpathSync(given))) throw outside();
  return given;
}

function inside(root: string, full: string): boolean {
  const rel = relative(root, full);
  return !(rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
}

/** Run directories directly under `runsDir` (those with a manifest or config.json), newest first; a missing folder lists none. */
export function listRunDirectories(runsDir: string): RunListing[] {
  if (!existsSync(runsDir)) return [];
  const runs: RunListing[] = [];
  for (const entry of readdirSync(runsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    let run: RunDirectory;
    try {
      run = RunDirectory.open(resolve(runsDir, entry.name));
    } catch {
      continue; // not a run, or a torn manifest: not something the page can open; skip rather than fail the listing
    }
    runs.push({ dir: run.dir, kind: run.kind, name: run.manifest.name, created: run.manifest.created });
  }
  return runs.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.dir.localeCompare(b.dir)));
}

/** Reads a whole run: its manifest and config.json, then lineage.csv, generations.jsonl, metrics.jsonl, summary.json, each optional. */
export function readRunDirectory(dir: string): RunReplay {
  let run: RunDirectory;
  let config: Record<string, unknown>;
  try {
    run = RunDirectory.open(dir);
    config = run.has('config') ? run.config() : { name: basename(dir) };
  } catch (err) {
    throw new Error(`openRun: ${(err as Error).message}`);
  }
  let individuals: IndividualRow[] = [];
  if (run.has('lineage')) {
    try {
      // lineage.csv holds the dead before the living; the view wants birth order (ids are given in it).
      individuals = parseAlifeCsv(readFileSync(run.path('lineage'), 'utf8')).sort((a, b) => a.id - b.id).map(individualFromAlifeRow);
    } catch (err) {
      throw new Error(`openRun: ${run.path('lineage')}: ${(err as Error).message}`);
    }
  }
  let summary: Record<string, unknown> | null;
  try {
    summary = run.summary();
  } catch (err) {
    throw new Error(`openRun: ${(err as Error).message}`);
  }
  return {
    dir,
    kind: run.kind,
    config,
    individuals,
    ...withTimings(run.kind, readJsonlIfPresent<GenerationRow>(run.path('generations')), readJsonlIfPresent<Record<string, unknown>>(run.path('metrics')), readJsonlIfPresent<Record<string, unknown>>(run.path('timings'))),
    summary,
  };
}

/**
 * The rows with their wall-clock seconds put back from timings.jsonl, where runs keep
 * them so that generations.jsonl and metrics.jsonl are reproducible to the byte (rows of
 * older runs carry their own seconds and are left as they are).
 */
function withTimings(kind: string, generations: GenerationRow[], metrics: Record<string, unknown>[], timings: Record<string, unknown>[]): { generations: GenerationRow[]; metrics: Record<string, unknown>[] } {
  if (timings.length === 0) return { generations, metrics };
  const key = (r: Record<string, unknown>) => (kind === 'evolution' ? String(r.generation) : `${r.arm}/${r.lane}/${r.epoch}/${r.phase}`);
  const seconds = new Map(timings.map((t) => [key(t), t.seconds]));
  const put = <T extends object>(r: T): T => {
    const s = seconds.get(key(r as Record<string, unknown>));
    return typeof s === 'number' && !('seconds' in r) ? { ...r, seconds: s } : r;
  };
  return { generations: generations.map(put), metrics: metrics.map(put) };
}
