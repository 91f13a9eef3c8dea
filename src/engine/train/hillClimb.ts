import * as tf from '@tensorflow/tfjs-core';
import type { LaneSet } from '../lanes/laneSet';
import { lsrSum, predictedWeights } from '../metrics/losses';
import { forwardLane } from '../models/forward';
import { batchLoss } from './batchLoss';
import { miniBatchLoop } from './miniBatchLoop';
import { epochPlan, type LaneStreams } from './optimisationEpoch';

export type HillClimbVariant = 'minibatch' | 'full';

export interface HillClimbOptions {
  variant: HillClimbVariant;
  /** σ of the Gaussian perturbation of every weight. */
  sigma: number;
  batchSize: number;
  /** Full variant: proposals per epoch (each costs a pass over all N coordinates). */
  proposalsPerEpoch: number;
  onProgress?: (done: number, total: number) => void;
}

export interface HillClimbStats { proposals: number; accepted: number[] }

/** A perturbation of lane l, seeded from the lane's own noise stream. */
function candidate(lanes: LaneSet, l: number, streams: LaneStreams[], sigma: number): tf.Tensor1D {
  return tf.tidy(() => tf.add(lanes.theta(l), tf.randomNormal([lanes.layout.count], 0, sigma, 'float32', streams[l].noise!.int(2 ** 31))));
}

/**
 * One epoch of (1+1) hill-climbing: perturb all weights by N(0, σ²) and keep the
 * candidate only if the loss strictly decreases. `minibatch` follows the paper: the
 * optimisation epoch's mini-batch loop (the same plan, so the same shuffles and
 * targets) with a proposal in place of the optimiser step, judged on the loss of the
 * mini-batch against the epoch's snapshot. `full` judges each candidate on the whole
 * L_SR: it has no mini-batches, so it runs its own loop over proposals.
 */
export function hillClimbEpoch(lanes: LaneSet, streams: LaneStreams[], o: HillClimbOptions): HillClimbStats {
  const accepted = new Array<number>(lanes.k).fill(0);
  const consider = (l: number, cand: tf.Tensor1D, better: boolean) => {
    if (better) {
      lanes.theta(l).assign(cand);
      accepted[l] += 1;
    }
    cand.dispose();
  };
  if (o.variant === 'minibatch') {
    const plan = epochPlan(lanes, streams, o.batchSize, o.onProgress);
    const weights = { replication: 1, task: 0 };
    miniBatchLoop(lanes, plan, ({ lane: l }, _, batch) => {
      const cand = candidate(lanes, l, streams, o.sigma);
      const [now, next] = [batchLoss(lanes.theta(l), lanes.layout, batch, weights), batchLoss(cand, lanes.layout, batch, weights)];
      const better = next.dataSync()[0] < now.dataSync()[0];
      tf.dispose([now, next]);
      consider(l, cand, better);
    });
    return { proposals: plan.batches, accepted };
  }
  const current = Array.from({ length: lanes.k }, (_, l) => fullLoss(lanes, l, lanes.theta(l)));
  for (let p = 0; p < o.proposalsPerEpoch; p++) {
    for (let l = 0; l < lanes.k; l++) {
      const cand = candidate(lanes, l, streams, o.sigma);
      const loss = fullLoss(lanes, l, cand);
      const better = loss < current[l];
      if (better) current[l] = loss;
      consider(l, cand, better);
    }
    o.onProgress?.(p + 1, o.proposalsPerEpoch);
  }
  return { proposals: o.proposalsPerEpoch, accepted };
}

/** L_SR of lane l's network with weights `theta` (internal order) against themselves. */
function fullLoss(lanes: LaneSet, lane: number, theta: tf.Tensor1D): number {
  const loss = tf.tidy(() => {
    const out = forwardLane(theta, lanes.layout, lanes.inputsOf(lane).fullEmbedding(), lanes.architecture(lane));
    const f = tf.reshape(predictedWeights(out, lanes.layout), [-1]);
    return lsrSum(f, tf.gather(theta, tf.tensor1d(lanes.layout.toInternal, 'int32')));
  });
  const v = loss.dataSync()[0];
  loss.dispose();
  return v;
}
