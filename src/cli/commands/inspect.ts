import { describeBackend, selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { LaneSet } from '../../engine/lanes/laneSet';
import { evaluateLanes } from '../../engine/metrics/evaluateLanes';
import { FixedInputs } from '../../engine/models/fixedInputs';
import { RandomStreams } from '../../engine/random/streams';
import { readLaneCheckpoint } from '../../engine/runs/laneCheckpoint';
import { auxImages } from '../../engine/runs/laneSetup';
import { toJsonSafe } from '../../shared/jsonSafe';
import type { CommandSpec } from '../args';
import { renderTable } from '../table';
import { backendFlag, dataDirFlag } from '../commonFlags';

export const inspectSpec: CommandSpec = {
  positionals: ['checkpoint'],
  flags: {
    json: { kind: 'boolean', help: 'print the metrics as JSON' },
    backend: backendFlag,
    'data-dir': dataDirFlag,
  },
};

/** Recomputes the metrics of a saved quine from its checkpoint directory alone. */
export async function inspectCommand(dir: string, flags: Record<string, string | number | boolean>): Promise<void> {
  const ckpt = readLaneCheckpoint(dir);
  const info = await selectBackend((flags.backend as BackendChoice) ?? 'auto');
  const spec = ckpt.model.spec;
  const images = spec.kind === 'auxiliary' ? auxImages(flags['data-dir'] as string | undefined) : undefined;
  // The seeded pairings (coordinate ↔ test image) are re-derived from the seed; the projections come from the files.
  const inputs = new FixedInputs(spec, ckpt.projections, images, new RandomStreams(ckpt.model.seed));
  const lanes = new LaneSet([inputs], [ckpt.theta]);
  const [e] = evaluateLanes(lanes);
  const result = { checkpoint: dir, backend: info.name, kind: spec.kind, paramCount: ckpt.model.paramCount, seed: ckpt.model.seed, ...e.metrics };
  if (flags.json) {
    console.log(JSON.stringify(toJsonSafe(result)));
  } else {
    console.error(`backend: ${describeBackend(info)}`);
    console.log(renderTable(['metric', 'value'], Object.entries(result).map(([k, v]) => [k, typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v)]), ['l', 'r']));
  }
  lanes.dispose();
  inputs.dispose();
}
