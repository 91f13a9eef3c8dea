import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readEvolutionCheckpoint } from '../engine/evolve/evolutionCheckpoint';
import { Lineage } from '../engine/evolve/lineage/lineage';
import { LaneSet } from '../engine/lanes/laneSet';
import { evaluateLanes, type Evaluation } from '../engine/metrics/evaluateLanes';
import { FixedInputs } from '../engine/models/fixedInputs';
import { paramLayout } from '../engine/models/layout';
import { RandomStreams } from '../engine/random/streams';
import { readLaneCheckpoint } from '../engine/store/laneCheckpoint';
import { auxImages } from '../engine/runs/laneSetup';
import type { ArmConfig } from '../engine/runs/paperRun';
import { findScenario } from '../engine/scenarios/registry';
import { RunDirectory } from '../engine/store/runDirectory';
import { JsonlLog } from '../engine/store/jsonlLog';
import type { GenerationRow, MetricsRow } from '../protocol/records';
import { writeEvolutionFigures } from './evolutionFigures';
import { writePaperFigures } from './paperFigures';

/**
 * The one figure path: draws a run directory's figures from its logs and
 * checkpoints (no training), for `quinarium figures` and for every host when a run
 * ends. The engine never draws. Needs a selected tfjs backend for paper runs (their
 * weight pictures re-evaluate the saved quines). Returns the files written.
 */
export function writeRunFigures(runDir: string, dataDir?: string): string[] {
  const run = RunDirectory.open(runDir);
  const config = run.config() as { scenario?: string; arms?: ArmConfig[]; dataDir?: string | null };
  const dir = run.path('figures');
  if (run.kind === 'evolution') {
    const rows = JsonlLog.readJsonl<GenerationRow>(run.path('generations'));
    const lineage = Lineage.fromJSON(readEvolutionCheckpoint(runDir, paramLayout('auxiliary').count).state.lineage);
    return writeEvolutionFigures(dir, rows, lineage).map((f) => join(dir, f));
  }
  const scenario = findScenario(run.manifest.name);
  const rows = JsonlLog.readJsonl<MetricsRow>(run.path('metrics'));
  const finals = new Map<string, Evaluation[]>();
  const arms = config.arms ?? [];
  // A chained scenario's stages are one computation: its checkpoints are the last stage's.
  for (const arm of scenario.chain ? arms.slice(-1) : arms) {
    const ck = join(run.path('checkpoints'), arms.length > 1 && !scenario.chain ? `${arm.arm}-0` : '0');
    if (!existsSync(ck)) continue;
    const saved = readLaneCheckpoint(ck);
    const images = saved.model.spec.kind === 'auxiliary' ? auxImages(dataDir ?? config.dataDir ?? undefined) : undefined;
    const inputs = new FixedInputs(saved.model.spec, saved.projections, images, new RandomStreams(saved.model.seed));
    const lanes = new LaneSet([inputs], [saved.theta]);
    finals.set(arm.arm, evaluateLanes(lanes, false));
    lanes.dispose();
    inputs.dispose();
  }
  return writePaperFigures(dir, scenario, rows, finals).map((f) => join(dir, f));
}
