import type { Stream } from '../random/streams';
import type { ParamLayout } from './layout';
import type { InitScheme } from './modelSpec';

/**
 * Initial θ in coordinate order. `torch-default` is nn.Linear's U(−1/√fan_in, 1/√fan_in)
 * (the only init that reproduces the paper's initial loss); `he` is N(0, 2/fan_in).
 */
export function initTheta(layout: ParamLayout, scheme: InitScheme, rng: Stream): Float32Array {
  const theta = new Float32Array(layout.count);
  for (const b of layout.blocks) {
    const fanIn = b.shape[1];
    const n = b.shape[0] * b.shape[1];
    const bound = 1 / Math.sqrt(fanIn);
    const sd = Math.sqrt(2 / fanIn);
    for (let i = 0; i < n; i++) {
      theta[b.offset + i] = scheme === 'he' ? rng.normal() * sd : (2 * rng.next() - 1) * bound;
    }
  }
  return theta;
}
