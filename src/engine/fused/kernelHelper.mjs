// The fused kernels' helper thread (src/engine/fused/kernel.ts): the kernel module on
// the caller's shared memory, running one row-parallel kernel per request. Plain
// JavaScript so it starts without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';

const { module, memory, control, names } = workerData.data;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control, 0, 4); // [request, done, kernel, argument count]
const args = new Float64Array(control, 16, 32);
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  const seq = Atomics.load(ctl, 0);
  if (seq < 0) break;
  if (seq === seen) continue;
  seen = seq;
  try {
    kernels[names[Atomics.load(ctl, 2)]](...args.subarray(0, Atomics.load(ctl, 3)));
    Atomics.store(ctl, 1, seq);
  } catch {
    Atomics.store(ctl, 1, -seq);
  }
  Atomics.notify(ctl, 1);
}
