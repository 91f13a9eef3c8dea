import { BACKEND_NAMES, describeBackend, selectBackend, type BackendChoice, type BackendInfo, type BackendName } from '../../engine/backend/selectBackend';
import { overlayConfig, readConfigObject } from '../../engine/config/validate';
import { evolutionConfigSchema } from '../../engine/evolve/evolutionConfig';
import { createEvolutionSession, resumeEvolutionSession, RunCompleteError, type EvolutionSession } from '../../engine/evolve/evolutionSession';
import { applyFlagsToConfig, flagsFromSchema, UsageError, type CommandSpec } from '../args';
import { RunDirectory } from '../../engine/store/runDirectory';
import { resumePaperSession } from '../../engine/runs/paperSession';
import { findScenario } from '../../engine/scenarios/registry';
import { drivePaperRun } from './run';
import { writeRunFigures } from '../../report/runFigures';
import { ProgressBar } from '../progressBar';
import { backendFlag, dataDirFlag, jsonSummaryFlag, redisFlag, redisPatienceFlag, threadsFrom } from '../commonFlags';
import { queueSettings } from './queueFlags';
import { evolutionSummaryTable } from '../evolutionSummaryTable';
import type { GenerationRow } from '../../protocol/records';
import { RunDivergedError } from '../runOutcome';

const common = {
  backend: backendFlag,
  'data-dir': dataDirFlag,
  json: jsonSummaryFlag,
  threads: { kind: 'integer', help: 'compute threads, one tfjs instance each (default: up to 2 cores); results do not depend on it' },
  redis: redisFlag,
  'redis-patience': redisPatienceFlag,
} as const;

export const evolveSpec: CommandSpec = {
  positionals: [],
  flags: {
    preset: { kind: 'string', help: 'evolution preset (default evo/default)' },
    config: { kind: 'string', help: 'JSON file with a (partial) evolution config laid over the preset' },
    out: { kind: 'string', help: 'base folder for the run directory (default runs)' },
    ...common,
    ...flagsFromSchema(evolutionConfigSchema),
  },
};

export const resumeSpec: CommandSpec = {
  positionals: ['runDir'],
  flags: {
    ...common,
    backend: { ...backendFlag, help: "compute backend (default: the one the run recorded, so the numbers continue exactly; auto if it does not load)" },
    generations: { kind: 'integer', help: 'extend the run to this many generations (config.json records the new count)' },
    force: { kind: 'boolean', help: "resume even though config.json was edited since the checkpoint (its config hash differs)" },
  },
};

const fmt = (x: number | null, d = 3) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(d));

/**
 * The last generation's replication and heritability, each with its interval and p (a
 * bare slope cannot tell inheritance from noise), and what is inherited: accuracy
 * before learning and the newborns' transmission r2. Rows written before these were
 * measured print only the first line.
 */
export function heritabilityLine(r: GenerationRow): string {
  const median = r.medianR2 === undefined ? '' : `, median r2 ${r.medianR2.toPrecision(3)}`;
  const first = `generation ${r.generation}: best r2 ${r.bestR2.toPrecision(3)}, mean r2 ${r.meanR2.toPrecision(3)}${median}; heritability of accuracy ${fmt(r.heritability)} ` +
    `[95 % bootstrap ${fmt(r.heritabilityLow)}, ${fmt(r.heritabilityHigh)}], permutation p ${fmt(r.heritabilityP)}`;
  if (r.meanInnateAccuracy === undefined) return first;
  return `${first}\n  inherited: newborns' accuracy at birth ${fmt(r.meanBirthAccuracy ?? null)}; innate accuracy best ${fmt(r.bestInnateAccuracy)}, mean ${fmt(r.meanInnateAccuracy)}; its heritability ${fmt(r.innateHeritability)} ` +
    `[${fmt(r.innateHeritabilityLow)}, ${fmt(r.innateHeritabilityHigh)}], p ${fmt(r.innateHeritabilityP)}; newborns' transmission r2 ${fmt(r.meanTransmissionR2)}, corr ${fmt(r.meanTransmissionCorr)}` +
    `\n  Price: change in mean accuracy = selection ${fmt(r.priceSelection ?? null)} + transmission ${fmt(r.priceTransmission ?? null)}`;
}

/**
 * The last generation's phylogeny of the living: when its lines of descent meet (the
 * MRCA's birth generation), and how diverse it is, phylogenetically (generations of
 * branch length) and over founder clades. Null for rows written before these were measured.
 */
export function phylogenyLine(r: GenerationRow): string | null {
  if (r.phylogeneticDiversity === undefined) return null;
  const mrca = r.mrcaDepth === null ? `no common ancestor (${r.survivingRoots} founder clades survive)` : `MRCA born in generation ${r.mrcaDepth}`;
  return `phylogeny of the living, generation ${r.generation}: ${mrca}; phylogenetic diversity ${r.phylogeneticDiversity} generations, ` +
    `mean pairwise distance ${fmt(r.meanPairwiseDistance ?? null, 2)}; Sackin ${r.sackin}, Colless ${r.colless}; ` +
    `Shannon diversity of founder clades ${fmt(r.cladeShannon ?? null)} nats (${r.survivingRoots} ${r.survivingRoots === 1 ? 'clade' : 'clades'})`;
}

/** Drives an evolution session from the terminal: progress bar, one line per generation otherwise. */
async function drive(session: EvolutionSession, flags: Record<string, string | number | boolean>): Promise<void> {
  const err = process.stderr;
  const total = session.run.config.generations;
  const bar = new ProgressBar({ total, label: 'evolve', stream: err });
  let summary: Record<string, unknown> | null = null;
  let last: GenerationRow | null = null;
  let reportedDivergence = false;
  let nonFiniteSaid = 0;
  session.on((e) => {
    if (e.type === 'generation') {
      const r = e.summary;
      last = r;
      // Diverged individuals are left out of every mean: said whenever their number changes, so no mean hides them.
      const nonFinite = r.nonFinite ?? 0;
      if (nonFinite !== nonFiniteSaid && nonFinite < r.population) {
        err.write(`\nevolve: generation ${r.generation}: ${nonFinite} of ${r.population} individuals have diverged (L_SR or accuracy not finite); the generation's means and best leave them out\n`);
      }
      nonFiniteSaid = nonFinite;
      // Said once, plainly: a population whose every L_SR is ∞ or NaN has nothing left to select
      // (evo/default with --selection-max-age 1 diverged so by generation 5, seed 0, population 16).
      if (!reportedDivergence && (nonFinite === r.population || !Number.isFinite(r.bestLsr))) {
        reportedDivergence = true;
        err.write(`\nevolve: every individual of generation ${r.generation} has diverged (L_SR not finite); the run goes on, but nothing is left to select — try elites, a smaller --mutation-sigma or --regeneration-normalise global\n`);
      }
      bar.update(r.generation + 1, { acc: `${(r.bestAccuracy * 100).toFixed(1)}%`, lsr: r.bestLsr.toPrecision(4), roots: r.survivingRoots });
    } else if (e.type === 'log') {
      err.write(`${e.message}\n`);
    } else if (e.type === 'done') {
      bar.done();
      summary = e.summary;
      if (last) {
        err.write(`${heritabilityLine(last)}\n`);
        const phylogeny = phylogenyLine(last);
        if (phylogeny) err.write(`${phylogeny}\n`);
      }
    }
  });
  // A second Ctrl-C still kills; the first one lets the current generation finish and checkpoints.
  const onSigint = () => { err.write('\nstopping after this generation (checkpointing)…\n'); void session.stop(); };
  process.once('SIGINT', onSigint);
  await session.start();
  if (session.error) throw session.error;
  process.off('SIGINT', onSigint);
  writeRunFigures(session.run.runDir, flags['data-dir'] as string | undefined);
  const run = session.run;
  const best = (summary as { best?: { id: number; testAccuracy: number | null } | null } | null)?.best ?? null;
  const founders = run.individuals().filter((i) => i.parent === null).length;
  err.write(`\n${evolutionSummaryTable({ rows: run.generations(), living: run.living().map((id) => run.row(id)), founders, best })}\n\nwrote ${run.runDir}\n`);
  if (flags.json && summary) process.stdout.write(`${JSON.stringify(summary)}\n`);
  const final = last as GenerationRow | null;
  if ((summary as { diverged?: boolean } | null)?.diverged) {
    throw new RunDivergedError(`the run diverged: all ${final?.population ?? ''} individuals of generation ${final?.generation ?? '?'} have a non-finite L_SR or accuracy, so it has no best individual (summary.json says "diverged": true)`);
  }
}

export async function evolveCommand(flags: Record<string, string | number | boolean>): Promise<void> {
  const info = await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const file = flags.config ? readConfigObject(String(flags.config)) : {};
  const overrides = overlayConfig(file, applyFlagsToConfig(evolutionConfigSchema, flags)) as Record<string, unknown>;
  const session = createEvolutionSession({ preset: flags.preset as string | undefined, overrides, outDir: flags.out as string | undefined, dataDir: flags['data-dir'] as string | undefined, threads: threadsFrom(flags), queue: queueSettings(flags) });
  process.stderr.write(`quinarium evolve: ${flags.preset ?? 'evo/default'}, population ${session.run.config.population}, ${session.run.config.generations} generations\nbackend: ${describeBackend(info)}\nrun directory: ${session.run.runDir}\n`);
  await drive(session, flags);
}

/**
 * The backend a resume runs on: --backend when given, else the one the run recorded,
 * since only the same backend continues a run to the numbers of an uninterrupted one
 * (fused and tfjs-wasm agree to float32 rounding, not bit for bit). A recorded backend
 * that does not load here falls back to auto, and says so.
 */
async function resumeBackend(runDir: string, flags: Record<string, string | number | boolean>): Promise<BackendInfo> {
  if (flags.backend !== undefined) return selectBackend(flags.backend as BackendChoice);
  let recorded: unknown;
  try {
    recorded = RunDirectory.open(runDir).config().backend;
  } catch {
    return selectBackend('auto'); // the resume itself names what is wrong with the run directory
  }
  if (typeof recorded !== 'string' || !(BACKEND_NAMES as readonly string[]).includes(recorded)) return selectBackend('auto');
  try {
    return await selectBackend(recorded as BackendName);
  } catch {
    const info = await selectBackend('auto');
    process.stderr.write(`quinarium resume: the run was made on the ${recorded} backend, which does not load here; continuing on ${info.name}, so its numbers will differ (within float32 rounding) from an uninterrupted run's\n`);
    return info;
  }
}

export async function resumeCommand(runDir: string, flags: Record<string, string | number | boolean>): Promise<void> {
  const info = await resumeBackend(runDir, flags);
  const options = { dataDir: flags['data-dir'] as string | undefined, threads: threadsFrom(flags), force: Boolean(flags.force) };
  try {
    if (RunDirectory.open(runDir).kind === 'paper') {
      if (flags.generations !== undefined) throw new UsageError('--generations: only evolution runs can be extended');
      const session = resumePaperSession(runDir, options);
      const name = String(RunDirectory.open(runDir).config().scenario);
      process.stderr.write(`quinarium resume: ${runDir} (${name})\nbackend: ${describeBackend(info)}\n`);
      await drivePaperRun(session, findScenario(name), flags);
      return;
    }
    const session = resumeEvolutionSession(runDir, { ...options, generations: flags.generations as number | undefined, queue: queueSettings(flags) });
    process.stderr.write(`quinarium resume: ${runDir} at generation ${session.run.generation} of ${session.run.config.generations}\nbackend: ${describeBackend(info)}\n`);
    await drive(session, flags);
  } catch (e) {
    // A complete run is left alone: that is an answer, not a failure.
    if (e instanceof RunCompleteError) {
      process.stderr.write(`quinarium resume: ${e.message}\n`);
      return;
    }
    throw e;
  }
}
