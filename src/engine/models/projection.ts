import type { Stream } from '../random/streams';
import { AUX_COORD_UNITS, HIDDEN, IMAGE_PIXELS, type ModelSpec } from './modelSpec';

/**
 * The fixed random projections: never trained, not part of θ, reproducible from the
 * seed, and saved with every checkpoint.
 */
export interface Projections {
  /** one-hot: [N, Dc] rows (Dc = 100 vanilla, 50 auxiliary); direct: [1, Dc] vector p. */
  coord: Float32Array;
  coordUnits: number;
  /** Auxiliary only: Px [50, 784]. */
  pixel?: Float32Array;
}

export function makeProjections(spec: ModelSpec, n: number, rng: Stream): Projections {
  const coordUnits = spec.kind === 'auxiliary' ? AUX_COORD_UNITS : HIDDEN;
  const rows = spec.encoding === 'direct' ? 1 : n;
  // N(0, 1/width): keeps the embedding at unit scale whatever the width.
  const coordSd = spec.encoding === 'direct' ? 1 : 1 / Math.sqrt(coordUnits);
  const coord = rng.fillNormal(new Float32Array(rows * coordUnits), coordSd);
  const pixel = spec.kind === 'auxiliary'
    ? rng.fillNormal(new Float32Array(AUX_COORD_UNITS * IMAGE_PIXELS), 1 / Math.sqrt(AUX_COORD_UNITS))
    : undefined;
  return { coord, coordUnits, pixel };
}
