import { describeBackend, selectBackend, type BackendChoice } from '../../engine/backend/selectBackend';
import { LaneSet } from '../../engine/lanes/laneSet';
import { evaluateLanes } from '../../engine/metrics/evaluateLanes';
import { readLaneCheckpoint } from '../../engine/store/laneCheckpoint';
import { checkpointInputs } from '../../engine/store/checkpointInputs';
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
  // The seeded pairings (coordinate ↔ test image, or an evolution founder's training pairing) are re-derived from the seed; the projections come from the files.
  const inputs = checkpointInputs(ckpt, flags['data-dir'] as string | undefined);
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
