/**
 * Reads run directories back for the app's "open a previous run": the listing of a
 * runs folder and one run as replay data. A run may be unfinished or still being
 * written, so every file is optional.
 */
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseAlifeCsv, type AlifeRow } from '../engine/evolve/lineage/alifeCsv';
import { JsonlLog } from '../engine/store/jsonlLog';
import { RunDirectory } from '../engine/store/runDirectory';
import { chainedArms } from '../shared/paperCheckpoints';
import type { GenerationRow, IndividualRow, RunBest, RunListing, RunReplay, RunStatus, RunSummary } from '../protocol/messages';

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

/** The live session, so its directory lists as `running` rather than by its files. */
export interface LiveRun { dir: string; state: string }

/** Run directories directly under `runsDir` (those with a manifest or config.json), newest first; a missing folder lists none. */
export function listRunDirectories(runsDir: string, live: LiveRun | null = null): RunListing[] {
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
    runs.push(describeListing(run, live));
  }
  return runs.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.dir.localeCompare(b.dir)));
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});

/**
 * The last complete line of a JSON-lines file, read from its tail: a 10,000-generation
 * run's generations.jsonl is megabytes, and a listing wants only the latest row.
 */
export function lastJsonLine<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    for (let span = 16384; ; span *= 4) {
      const start = Math.max(0, size - span);
      const buffer = Buffer.alloc(size - start);
      readSync(fd, buffer, 0, buffer.length, start);
      const lines = buffer.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
      // The first line of a partial read may be cut; the last one may be torn by a kill mid-write.
      for (let i = lines.length - 1; i >= (start > 0 ? 1 : 0); i--) {
        try {
          return JSON.parse(lines[i]) as T;
        } catch {
          continue;
        }
      }
      if (start === 0) return null;
    }
  } finally {
    closeSync(fd);
  }
}

/** Status, progress, size, seed and best results of one run, from its config, summary and latest log row. */
export function describeListing(run: RunDirectory, live: LiveRun | null): RunListing {
  let config: Record<string, unknown> = {};
  let summary: Record<string, unknown> | null = null;
  try {
    config = run.has('config') ? run.config() : {};
    summary = run.summary();
  } catch {
    // A damaged config or summary still lists (as failed), so the user sees it exists.
  }
  const base = { dir: run.dir, kind: run.kind, name: run.manifest.name, created: run.manifest.created };
  let done = 0, total: number | null = null, size: number | null = null, seed: number | string | null = null, best: RunBest | null = null;
  if (run.kind === 'evolution') {
    const c = record(config.config);
    total = num(c.generations);
    size = num(c.population);
    seed = num(c.seed) ?? (typeof c.seed === 'string' ? c.seed : null);
    const last = lastJsonLine<GenerationRow>(run.path('generations'));
    if (last) {
      done = last.generation + 1;
      best = { accuracy: num(last.bestAccuracy), r2: num(last.bestR2), lsr: num(last.bestLsr), rmsTheta: num(last.meanRmsTheta) };
    }
  } else {
    const arms = Array.isArray(config.arms) ? config.arms.map((a) => record(record(a).config)) : [];
    const first = arms[0] ?? {};
    size = num(first.seeds);
    seed = num(first.seed);
    const rows = run.has('metrics') ? readJsonlIfPresent<Record<string, unknown>>(run.path('metrics')) : [];
    best = paperBest(rows);
    done = rows.reduce((m, r) => Math.max(m, num(r.epoch) ?? 0), 0);
    const epochs = arms.map((a) => num(a.epochs) ?? 0);
    // Chained arms (quine/newton) count their epochs on, so a later arm starts past epoch 0; parallel arms (paper/optimizers) each run the same epochs.
    total = epochs.length ? (chainedArms(rows) ? epochs.reduce((a, b) => a + b, 0) : Math.max(...epochs)) : null;
  }
  const isLive = live !== null && resolve(live.dir) === resolve(run.dir) && ['idle', 'running', 'paused'].includes(live.state);
  const status: RunStatus = isLive ? 'running' : summary === null ? 'failed' : total !== null && done < total ? 'stopped' : 'done';
  const resumable = run.kind === 'evolution' && !isLive && (total === null || done < total) && existsSync(join(run.path('checkpoints'), 'latest.json'));
  return { ...base, status, done, total, size, seed, best, resumable };
}

/** The best lane of a paper run's last measured row set: highest r2 (ties: lowest L_SR). */
function paperBest(rows: readonly Record<string, unknown>[]): RunBest | null {
  if (!rows.length) return null;
  const lastArm = String(rows[rows.length - 1].arm ?? 'main');
  const armRows = rows.filter((r) => String(r.arm ?? 'main') === lastArm);
  const lastEpoch = armRows.reduce((m, r) => Math.max(m, num(r.epoch) ?? 0), 0);
  const final = new Map<number, Record<string, unknown>>();
  for (const r of armRows) if ((num(r.epoch) ?? 0) === lastEpoch) final.set(num(r.lane) ?? 0, r);
  let best: Record<string, unknown> | null = null;
  for (const r of final.values()) {
    if (!best || (num(r.r2) ?? -Infinity) > (num(best.r2) ?? -Infinity)) best = r;
  }
  return best ? { accuracy: num(best.accuracy), r2: num(best.r2), lsr: num(best.lsr), rmsTheta: num(best.rmsTheta) } : null;
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

/** A run's listing, config and per-generation (or per-epoch) rows, without reading its lineage. */
export function readRunSummary(dir: string, live: LiveRun | null = null): RunSummary {
  let run: RunDirectory;
  let config: Record<string, unknown>;
  let summary: Record<string, unknown> | null;
  try {
    run = RunDirectory.open(dir);
    config = run.has('config') ? run.config() : { name: basename(dir) };
    summary = run.summary();
  } catch (err) {
    throw new Error(`runSummary: ${(err as Error).message}`);
  }
  return {
    ...describeListing(run, live),
    config,
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
