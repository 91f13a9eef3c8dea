import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describeBackend, selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { measureSavedIndividual, openSavedPopulation, type SavedIndividualReport, type SavedPopulation } from '../../engine/evolve/savedIndividual';
import { LaneSet } from '../../engine/lanes/laneSet';
import { evaluateLanes } from '../../engine/metrics/evaluateLanes';
import { readLaneCheckpoint } from '../../engine/store/laneCheckpoint';
import { checkpointInputs } from '../../engine/store/checkpointInputs';
import { verdictOf } from '../../protocol/verdict';
import { toJsonSafe } from '../../shared/jsonSafe';
import { UsageError, type CommandSpec } from '../args';
import { renderTable } from '../table';
import { backendFlag, dataDirFlag } from '../commonFlags';
import { verdictCounts } from '../evolutionSummaryTable';
import { VERDICT_RULE } from '../summaryTable';

export const inspectSpec: CommandSpec = {
  positionals: ['checkpoint'],
  flags: {
    id: { kind: 'integer', help: 'evolution runs and their checkpoints (checkpoints/gen-…): the individual to recompute; without it, the saved individuals are listed' },
    json: { kind: 'boolean', help: 'print the metrics as JSON' },
    backend: backendFlag,
    'data-dir': dataDirFlag,
  },
};

const percent = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(2)} %`);
const value = (v: unknown): string => (typeof v === 'number' ? String(Number(v.toPrecision(6))) : v === null || v === undefined ? '—' : String(v));

/**
 * Recomputes the metrics of a saved quine: a paper run's lane checkpoint, or one
 * individual of an evolution run (its run directory or a checkpoint folder, with --id).
 */
export async function inspectCommand(path: string, flags: Record<string, string | number | boolean>): Promise<void> {
  const saved = openSavedPopulation(path);
  if (saved) return inspectEvolution(saved, flags);
  if (existsSync(join(path, 'manifest.json'))) {
    // A paper run directory: its quines are the lane checkpoints inside.
    const lanes = existsSync(join(path, 'checkpoints')) ? readdirSync(join(path, 'checkpoints')).sort() : [];
    throw new UsageError(`${path} is a paper run directory: inspect one of its checkpoints${lanes.length ? ` (${lanes.map((l) => join(path, 'checkpoints', l)).join(', ')})` : ' (it has none yet)'}`);
  }
  if (flags.id !== undefined) throw new UsageError(`--id: ${path} is a paper run's checkpoint (one quine); --id picks an individual of an evolution run or checkpoint`);
  const ckpt = readLaneCheckpoint(path);
  const info = await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const spec = ckpt.model.spec;
  // The seeded pairings (coordinate ↔ test image, or an evolution founder's training pairing) are re-derived from the seed; the projections come from the files.
  const inputs = checkpointInputs(ckpt, flags['data-dir'] as string | undefined);
  const lanes = new LaneSet([inputs], [ckpt.theta]);
  const [e] = evaluateLanes(lanes);
  const result = { checkpoint: path, backend: info.name, kind: spec.kind, paramCount: ckpt.model.paramCount, seed: ckpt.model.seed, ...e.metrics };
  if (flags.json) {
    console.log(JSON.stringify(toJsonSafe(result)));
  } else {
    console.error(`backend: ${describeBackend(info)}`);
    console.log(renderTable(['metric', 'value'], Object.entries(result).map(([k, v]) => [k, value(v)]), ['l', 'r']));
  }
  lanes.dispose();
  inputs.dispose();
}

async function inspectEvolution(saved: SavedPopulation, flags: Record<string, string | number | boolean>): Promise<void> {
  if (flags.id === undefined) {
    // What can be inspected: the individuals whose weights the checkpoint holds, as logged.
    if (flags.json) {
      console.log(JSON.stringify(toJsonSafe({ runDir: saved.runDir, checkpoint: saved.checkpoint, final: saved.final, generation: saved.state.generation, living: saved.living })));
      return;
    }
    const which = saved.final
      ? `the final population: the ${saved.living.length} individuals of generation ${saved.state.generation - 1}, as it measured them`
      : `the ${saved.living.length} individuals alive at generation ${saved.state.generation}, as logged (the ones born in it not measured yet)`;
    console.log(`${saved.checkpoint}: ${which}, whose weights are saved; verdicts: ${verdictCounts(saved.living)}`);
    console.log(renderTable(['id', 'parent', 'born', 'accuracy', 'L_SR', 'r2', 'RMS θ'],
      saved.living.map((i) => [String(i.id), i.parent === null ? 'founder' : String(i.parent), String(i.born), percent(i.accuracy), value(i.lsr), value(i.r2), value(i.rmsTheta)]),
      ['r', 'r', 'r', 'r', 'r', 'r', 'r']));
    console.log(`quinarium inspect ${saved.runDir} --id <id> recomputes one from its weights`);
    return;
  }
  const info = await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const report = measureSavedIndividual(saved, Number(flags.id), flags['data-dir'] as string | undefined);
  const verdict = verdictOf(report.metrics.r2, report.metrics.rmsTheta, null);
  if (flags.json) {
    console.log(JSON.stringify(toJsonSafe({ runDir: saved.runDir, checkpoint: saved.checkpoint, backend: info.name, ...report, verdict })));
    return;
  }
  console.error(`backend: ${describeBackend(info)}`);
  printEvolutionReport(saved, report, verdict);
}

function printEvolutionReport(saved: SavedPopulation, r: SavedIndividualReport, verdict: string): void {
  const l = r.logged;
  const m = r.metrics;
  const rows: string[][] = [
    ['validation accuracy', percent(m.accuracy), percent(l.accuracy)],
    ['test accuracy (reported only)', percent(r.testAccuracy), ''],
    ['L_SR', value(m.lsr), value(l.lsr)],
    ['SRQ = ln(N / L_SR)', value(m.srq), value(l.srq)],
    ['r2 (scale-free)', value(m.r2), value(l.r2)],
    ['r2 of W1, W2, Wout, Wcls', [m.r2W1, m.r2W2, m.r2Wout, m.r2Wcls].map(value).join(', '), ''],
    ['bits replicated', value(m.bits), value(l.bits)],
    ['srqFree', value(m.srqFree), ''],
    ['gain κ = ⟨f, θ⟩/⟨θ, θ⟩', value(m.gain), ''],
    ['corr(f, θ)', value(m.corr), value(l.corr)],
    ['mean |θ|', value(m.meanAbsTheta), value(l.meanAbsTheta)],
    ['RMS θ', value(m.rmsTheta), value(l.rmsTheta)],
    ['verdict (ours, by r2)', verdict, ''],
  ];
  const parent = l.parent === null ? 'a founder' : `child of ${l.parent}`;
  console.log(`individual ${r.id} of ${saved.runDir} (${parent}, born in generation ${l.born}), from ${saved.checkpoint}`);
  console.log(renderTable(['metric', 'recomputed', 'logged'], rows, ['l', 'r', 'r']));
  console.log(VERDICT_RULE);
  if (r.weights === 'genome') console.log('germline run: the checkpoint holds the genome (before lifetime learning); the log measured the trained soma, so the two differ');
}
