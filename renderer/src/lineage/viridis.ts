// Viridis (matplotlib's default): perceptually uniform and readable in greyscale and
// under colour-vision deficiency, so "brighter = more accurate" holds for every viewer.
// Nine evenly spaced stops interpolated linearly stay within a few levels of the 256-entry table.

const STOPS: readonly (readonly [number, number, number])[] = [
  [0x44, 0x01, 0x54],
  [0x47, 0x2d, 0x7b],
  [0x3b, 0x52, 0x8b],
  [0x2c, 0x72, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x28, 0xae, 0x80],
  [0x5e, 0xc9, 0x62],
  [0xad, 0xdc, 0x30],
  [0xfd, 0xe7, 0x25],
];

/** Colour (0xRRGGBB) for t in [0, 1]; t outside is clamped, NaN gives `missing`. */
export function viridis(t: number, missing = 0x6b7280): number {
  if (Number.isNaN(t)) return missing;
  const position = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(position));
  const f = position - i;
  const a = STOPS[i];
  const b = STOPS[i + 1];
  const r = Math.round(a[0] + (b[0] - a[0]) * f);
  const g = Math.round(a[1] + (b[1] - a[1]) * f);
  const bl = Math.round(a[2] + (b[2] - a[2]) * f);
  return (r << 16) | (g << 8) | bl;
}

/** `#rrggbb` for a 0xRRGGBB colour (2D canvas and CSS want strings). */
export function cssHex(colour: number): string {
  return `#${colour.toString(16).padStart(6, '0')}`;
}
