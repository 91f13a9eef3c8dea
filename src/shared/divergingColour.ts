// Blue–white–red diverging colour map for signed values normalised to [-1, 1], with
// ColorBrewer RdBu's stops (legible under red–green colour-vision deficiency) and a pure
// white centre so a zero weight reads as "nothing there".

import { interpolateStops, type Rgb } from './colourMaps';

export type { Rgb };

const STOPS: readonly Rgb[] = [
  [5, 113, 176], // -1: #0571b0
  [146, 197, 222], // -0.5: #92c5de
  [255, 255, 255], // 0: white
  [244, 165, 130], // +0.5: #f4a582
  [202, 0, 32], // +1: #ca0020
];

/** Colour for non-finite values: a mid grey that belongs to neither side. */
export const MISSING_COLOUR: Rgb = [128, 128, 128];

/** RGB (0..255 integers) for n ∈ [-1, 1]; values outside are clamped, NaN gets MISSING_COLOUR. */
export function divergingColour(n: number): Rgb {
  if (Number.isNaN(n)) return MISSING_COLOUR;
  return interpolateStops(STOPS, (Math.max(-1, Math.min(1, n)) + 1) * 2); // 0..4 over the stops
}
