import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { readEvolutionCheckpoint } from '../../engine/evolve/evolutionCheckpoint';
import { Lineage } from '../../engine/evolve/lineage/lineage';
import type { GenerationRow } from '../../engine/evolve/records';
import { LaneSet } from '../../engine/lanes/laneSet';
import { evaluateLanes, type Evaluation } from '../../engine/metrics/evaluateLanes';
import { FixedInputs } from '../../engine/models/fixedInputs';
import { paramLayout } from '../../engine/models/layout';
import { RandomStreams } from '../../engine/random/streams';
import { readLaneCheckpoint } from '../../engine/runs/laneCheckpoint';
import { auxImages } from '../../engine/runs/laneSetup';
import type { ArmConfig, MetricsRow } from '../../engine/runs/paperRun';
import { findScenario } from '../../engine/scenarios/registry';
import { CheckpointError } from '../../engine/store/errors';
import { JsonlLog } from '../../engine/store/jsonlLog';
import { writeEvolutionFigures } from '../../report/evolutionFigures';
import { writePaperFigures } from '../../report/paperFigures';
import type { CommandSpec } from '../args';
import { backendFlag } from '../commonFlags';

export const figuresSpec: CommandSpec = {
  positionals: ['runDir'],
  flags: {
    backend: backendFlag,
  },
};

/** Redraws a run directory's figures from its logs and checkpoints (no training). */
export async function figuresCommand(runDir: string, flags: Record<string, string | number | boolean>): Promise<void> {
  const configPath = join(runDir, 'config.json');
  if (!existsSync(configPath)) throw new CheckpointError(`${runDir}: not a run directory (no config.json)`);
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { kind?: string; scenario?: string; arms?: ArmConfig[] };
  const dir = join(runDir, 'figures');
  let written: string[];
  if (config.kind === 'evolution') {
    const rows = JsonlLog.readJsonl<GenerationRow>(join(runDir, 'generations.jsonl'));
    const lineage = Lineage.fromJSON(readEvolutionCheckpoint(runDir, paramLayout('auxiliary').count).state.lineage);
    written = writeEvolutionFigures(dir, rows, lineage);
  } else {
    const scenario = findScenario(String(config.scenario));
    await selectBackend((flags.backend as BackendChoice) ?? 'auto');
    const rows = JsonlLog.readJsonl<MetricsRow>(join(runDir, 'metrics.jsonl'));
    const finals = new Map<string, Evaluation[]>();
    const arms = config.arms ?? [];
    for (const arm of arms) {
      const ck = join(runDir, 'checkpoints', arms.length > 1 ? `${arm.arm}-0` : '0');
      if (!existsSync(ck)) continue;
      const saved = readLaneCheckpoint(ck);
      const images = saved.model.spec.kind === 'auxiliary' ? auxImages() : undefined;
      const inputs = new FixedInputs(saved.model.spec, saved.projections, images, new RandomStreams(saved.model.seed));
      const lanes = new LaneSet([inputs], [saved.theta]);
      finals.set(arm.arm, evaluateLanes(lanes, false));
      lanes.dispose();
      inputs.dispose();
    }
    written = writePaperFigures(dir, scenario, rows, finals);
  }
  console.log(written.map((f) => join(dir, f)).join('\n'));
}
