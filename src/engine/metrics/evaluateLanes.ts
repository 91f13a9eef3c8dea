import * as tf from '@tensorflow/tfjs-core';
import type { LaneSet } from '../lanes/laneSet';
import { forwardLane } from '../models/forward';
import { AUX_LAMBDA, AUX_TEMPERATURE } from '../models/modelSpec';
import type { LaneMetrics } from '../../protocol/records';
import { replicationMetrics } from './replicationMetrics';

export type { LaneMetrics };

export interface Evaluation { metrics: LaneMetrics; predictions: Float32Array; theta: Float32Array }

/**
 * Full forward over all N coordinates for every lane (one 2-D pass each, the fast
 * path), then the metrics; `withAccuracy` adds the test-set classification.
 */
export function evaluateLanes(lanes: LaneSet, withAccuracy = true, withNoCoordinate = true, withAuxLoss = true): Evaluation[] {
  const thetas = lanes.canonical();
  const out: Evaluation[] = [];
  for (let l = 0; l < lanes.k; l++) {
    const inputs = lanes.inputsOf(l);
    const aux = lanes.layout.kind === 'auxiliary';
    const [f, ce] = tf.tidy((): tf.Tensor[] => {
      const o = forwardLane(lanes.theta(l), lanes.layout, inputs.fullEmbedding());
      const n = o.shape[0];
      const fT = tf.reshape(tf.slice(o, [0, 0], [n, 1]), [n]);
      if (!aux || !withAuxLoss) return [fT];
      const logits = tf.div(tf.slice(o, [0, 1], [n, lanes.layout.headWidth - 1]), AUX_TEMPERATURE);
      return [fT, tf.sum(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, inputs.lsrLabels()), 1)))];
    });
    const predictions = f.dataSync() as Float32Array;
    f.dispose();
    const metrics: LaneMetrics = replicationMetrics(predictions, thetas[l]);
    if (ce) {
      metrics.laux = metrics.lsr + AUX_LAMBDA * ce.dataSync()[0];
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
  const pred = tf.tidy(() => {
    const o = forwardLane(lanes.theta(lane), lanes.layout, inputs.testEmbedding(zeroCoordinate));
    return tf.argMax(tf.slice(o, [0, 1], [o.shape[0], lanes.layout.headWidth - 1]), 1);
  });
  const p = pred.dataSync();
  pred.dispose();
  let correct = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === labels[i]) correct++;
  return correct / p.length;
}
