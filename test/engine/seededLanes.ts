/**
 * Builds lanes the way a run does: one RandomStreams per seed, its own FixedInputs
 * and initial θ, all in one LaneSet (one θ variable per lane).
 */
import { LaneSet } from '../../src/engine/lanes/laneSet';
import { FixedInputs, type AuxImages } from '../../src/engine/models/fixedInputs';
import { initTheta } from '../../src/engine/models/init';
import type { ModelSpec } from '../../src/engine/models/modelSpec';
import { RandomStreams } from '../../src/engine/random/streams';

export interface SeededLanes {
  lanes: LaneSet;
  streams: RandomStreams[];
  inputs: FixedInputs[];
  /** Initial θ of each lane, canonical order. */
  thetas: Float32Array[];
}

export function seededLanes(spec: ModelSpec, seeds: number[], images?: AuxImages): SeededLanes {
  const streams = seeds.map((s) => new RandomStreams(s));
  const inputs = streams.map((s) => FixedInputs.create(spec, s, images));
  const thetas = streams.map((s, i) => initTheta(inputs[i].layout, spec.init, s.stateful('init')));
  return { lanes: new LaneSet(inputs, thetas), streams, inputs, thetas };
}

/** Largest |a − b| over two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length} differ`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
