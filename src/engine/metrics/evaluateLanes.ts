import * as tf from '@tensorflow/tfjs-core';
import type { LaneSet } from '../lanes/laneSet';
import { forwardLane } from '../models/forward';
import { AUX_LAMBDA } from '../models/modelSpec';
import type { LaneMetrics } from '../../protocol/records';
import { auxLoss, classLogits, classScores, crossEntropySum, predictedWeights } from './losses';
import { metricBlocks, replicationMetrics } from './replicationMetrics';

export type { LaneMetrics };

export interface Evaluation { metrics: LaneMetrics; predictions: Float32Array; theta: Float32Array }

/**
 * Full forward over all N coordinates for every lane (one 2-D pass each, the fast
 * path), then the metrics; `withAccuracy` adds the test-set classification.
 * `lambda` is the λ of the reported L_aux = L_SR + λ·Σ CE: the run's own (the
 * paper's 0.01 where there is no run config).
 */
export function evaluateLanes(lanes: LaneSet, withAccuracy = true, withNoCoordinate = true, withAuxLoss = true, lambda = AUX_LAMBDA): Evaluation[] {
  const thetas = lanes.canonical();
  const blocks = metricBlocks(lanes.layout);
  const out: Evaluation[] = [];
  for (let l = 0; l < lanes.k; l++) {
    const inputs = lanes.inputsOf(l);
    const aux = lanes.layout.kind === 'auxiliary';
    const [f, ce] = tf.tidy((): tf.Tensor[] => {
      const o = forwardLane(lanes.theta(l), lanes.layout, inputs.fullEmbedding(), lanes.architecture(l));
      const fT = tf.reshape(predictedWeights(o, lanes.layout), [o.shape[0]]);
      if (!aux || !withAuxLoss) return [fT];
      return [fT, crossEntropySum(classLogits(o, lanes.layout), inputs.lsrLabels())];
    });
    const predictions = f.dataSync() as Float32Array;
    f.dispose();
    const metrics: LaneMetrics = replicationMetrics(predictions, thetas[l], blocks);
    if (ce) {
      metrics.laux = auxLoss(metrics.lsr, ce.dataSync()[0], lambda);
      ce.dispose();
    }
    if (aux && withAccuracy) {
      metrics.accuracy = testAccuracy(lanes, l, false);
      if (withNoCoordinate) metrics.accuracyNoCoord = testAccuracy(lanes, l, true);
    }
    out.push({ metrics, predictions, theta: thetas[l] });
  }
  return out;
}

export function testAccuracy(lanes: LaneSet, lane: number, zeroCoordinate: boolean): number {
  const inputs = lanes.inputsOf(lane);
  const labels = inputs.images!.test.labels;
  const pred = tf.tidy(() => tf.argMax(classScores(forwardLane(lanes.theta(lane), lanes.layout, inputs.testEmbedding(zeroCoordinate), lanes.architecture(lane)), lanes.layout), 1));
  const p = pred.dataSync();
  pred.dispose();
  let correct = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === labels[i]) correct++;
  return correct / p.length;
}
