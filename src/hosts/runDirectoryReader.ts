/**
 * Reads run directories back for the app's "open a previous run": the listing of a
 * runs folder and one run as replay data. A run may be unfinished or still being
 * written, so every file is optional.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { parseAlifeCsv, type AlifeRow } from '../engine/evolve/lineage/alifeCsv';
import { JsonlLog } from '../engine/store/jsonlLog';
import type { GenerationRow, IndividualRow, RunKind, RunListing, RunReplay } from '../protocol/messages';

function readJsonObject(path: string): Record<string, unknown> | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`openRun: ${path} is not valid JSON (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`openRun: ${path} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

const readJsonlIfPresent = <T extends object>(path: string): T[] => (existsSync(path) ? JsonlLog.readJsonl<T>(path) : []);

/** Evolution runs write a lineage or name an `evo/` preset; everything else is a paper run. */
function kindOf(dir: string, config: Record<string, unknown> | null): RunKind {
  if (config?.kind === 'evolution' || (typeof config?.preset === 'string' && config.preset.startsWith('evo/'))) return 'evolution';
  if (typeof config?.scenario === 'string') return 'paper';
  return existsSync(join(dir, 'lineage.csv')) || existsSync(join(dir, 'generations.jsonl')) ? 'evolution' : 'paper';
}

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
    sigma: row.sigma,
  };
}

/**
 * Resolves `dir` (absolute, or relative to `runsDir`) and refuses anything outside
 * `runsDir`: the page may only read the runs it was given, not the file system.
 */
export function resolveRunDirectory(runsDir: string, dir: string): string {
  const root = resolve(runsDir);
  const full = isAbsolute(dir) ? resolve(dir) : resolve(root, dir);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`openRun: run directory must be inside the runs folder ${root} (got ${JSON.stringify(dir)})`);
  }
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new Error(`openRun: run directory ${full} does not exist`);
  return full;
}

/** Run directories directly under `runsDir` (those with a config.json), newest first; a missing folder lists none. */
export function listRunDirectories(runsDir: string): RunListing[] {
  if (!existsSync(runsDir)) return [];
  const runs: RunListing[] = [];
  for (const entry of readdirSync(runsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = resolve(runsDir, entry.name);
    let config: Record<string, unknown> | null;
    try {
      config = readJsonObject(join(dir, 'config.json'));
    } catch {
      continue; // a torn config.json is not a run the page can open; skip rather than fail the listing
    }
    if (!config) continue;
    const name = typeof config.preset === 'string' ? config.preset : typeof config.scenario === 'string' ? config.scenario : entry.name;
    const created = typeof config.created === 'string' ? config.created : statSync(dir).mtime.toISOString();
    runs.push({ dir, kind: kindOf(dir, config), name, created });
  }
  return runs.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.dir.localeCompare(b.dir)));
}

/** Reads a whole run: config.json, lineage.csv, generations.jsonl, metrics.jsonl, summary.json, each optional. */
export function readRunDirectory(dir: string): RunReplay {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`openRun: run directory ${dir} does not exist`);
  const config = readJsonObject(join(dir, 'config.json'));
  const lineagePath = join(dir, 'lineage.csv');
  let individuals: IndividualRow[] = [];
  if (existsSync(lineagePath)) {
    try {
      individuals = parseAlifeCsv(readFileSync(lineagePath, 'utf8')).map(individualFromAlifeRow);
    } catch (err) {
      throw new Error(`openRun: ${lineagePath}: ${(err as Error).message}`);
    }
  }
  return {
    dir,
    kind: kindOf(dir, config),
    config: config ?? { name: basename(dir) },
    individuals,
    generations: readJsonlIfPresent<GenerationRow>(join(dir, 'generations.jsonl')),
    metrics: readJsonlIfPresent<Record<string, unknown>>(join(dir, 'metrics.jsonl')),
    summary: readJsonObject(join(dir, 'summary.json')),
  };
}
