import { selectBackend, describeBackend } from '../src/engine/backend/selectBackend';
import { RandomStreams } from '../src/engine/random/streams';
import { FixedInputs } from '../src/engine/models/fixedInputs';
import { defaultSpec } from '../src/engine/models/modelSpec';
import { initTheta } from '../src/engine/models/init';
import { LaneSet } from '../src/engine/lanes/laneSet';
import { evaluateLanes } from '../src/engine/metrics/evaluateLanes';
import { optimisationEpoch } from '../src/engine/train/optimisationEpoch';
import { createOptimizer } from '../src/engine/train/optimizers/registry';
import * as tf from '@tensorflow/tfjs-core';
const info = await selectBackend((process.argv[2] as any) ?? 'auto');
console.log(describeBackend(info));
const spec = defaultSpec('vanilla');
const K = Number(process.argv[3] ?? 1);
const streams = Array.from({length:K},(_,i)=>new RandomStreams(i));
const inputs = streams.map(s=>FixedInputs.create(spec, s));
const thetas = streams.map((s,i)=>initTheta(inputs[i].layout, spec.init, s.get('init')));
const lanes = new LaneSet(inputs, thetas);
let t=performance.now();
console.log(evaluateLanes(lanes).map(e=>e.metrics.lsr), 'eval ms', performance.now()-t);
const opt = createOptimizer('adamax', [K, lanes.layout.count]);
for (let ep=0; ep<3; ep++) {
  t=performance.now();
  optimisationEpoch(lanes, opt, streams.map(s=>({shuffle:s.get('shuffle')})), {batchSize:10, weights:{replication:1, task:0}});
  const dt = performance.now()-t;
  console.log('epoch', ep, (dt/1000).toFixed(2),'s', evaluateLanes(lanes).map(e=>[e.metrics.lsr.toFixed(2), e.metrics.corr.toFixed(3)]), tf.memory().numTensors);
}
