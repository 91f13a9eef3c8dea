// Blue–white–red diverging colour map for signed values normalised to [-1, 1], with
// ColorBrewer RdBu's stops (legible under red–green colour-vision deficiency) and a pure
// white centre so a zero weight reads as "nothing there".

export type Rgb = readonly [number, number, number];

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
  const position = (Math.max(-1, Math.min(1, n)) + 1) * 2; // 0..4 over the stops
  const i = Math.min(3, Math.floor(position));
  const t = position - i;
  const a = STOPS[i];
  const b = STOPS[i + 1];
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
  ];
}
