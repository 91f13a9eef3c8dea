// Colour maps for figures and the live view: categorical palettes for series and areas,
// viridis for an ordered quantity, and the piecewise-linear interpolation between stops
// that the continuous maps (viridis here, the diverging map in divergingColour) share.

export type Rgb = readonly [number, number, number];

/**
 * RGB (0..255 integers) at `position` along evenly spaced `stops`, where 0 is the first
 * stop and stops.length − 1 the last; positions outside are clamped.
 */
export function interpolateStops(stops: readonly Rgb[], position: number): Rgb {
  const p = Math.max(0, Math.min(stops.length - 1, position));
  const i = Math.min(stops.length - 2, Math.floor(p));
  const t = p - i;
  const a = stops[i];
  const b = stops[i + 1];
  return [
    Math.round(a[0] + (b[0] - a[0]) * t),
    Math.round(a[1] + (b[1] - a[1]) * t),
    Math.round(a[2] + (b[2] - a[2]) * t),
  ];
}

// Viridis (matplotlib's default): perceptually uniform and readable in greyscale and
// under colour-vision deficiency, so "brighter = more accurate" holds for every viewer.
// Nine evenly spaced stops interpolated linearly stay within a few levels of the 256-entry table.
const VIRIDIS_STOPS: readonly Rgb[] = [
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

/** Viridis colour (0xRRGGBB) for t in [0, 1]; t outside is clamped, NaN gives `missing`. */
export function viridis(t: number, missing = 0x6b7280): number {
  if (Number.isNaN(t)) return missing;
  const [r, g, b] = interpolateStops(VIRIDIS_STOPS, Math.max(0, Math.min(1, t)) * (VIRIDIS_STOPS.length - 1));
  return (r << 16) | (g << 8) | b;
}

/** `#rrggbb` for a 0xRRGGBB colour (SVG, 2D canvas and CSS want strings). */
export function cssHex(colour: number): string {
  return `#${colour.toString(16).padStart(6, '0')}`;
}

// Okabe & Ito (2008) colours, distinguishable under the common colour-vision
// deficiencies. Ordered so the first few series get the strongest contrast on white;
// yellow is last because thin yellow lines nearly vanish on a white background.
export const OKABE_ITO = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#E69F00', // orange
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
] as const;

function cycle<T>(palette: readonly T[], index: number): T {
  return palette[((index % palette.length) + palette.length) % palette.length];
}

/** Colour of the i-th series, cycling through the palette. */
export function seriesColour(index: number): string {
  return cycle(OKABE_ITO, index);
}

/**
 * Fill colours for stacked areas (Muller plots): black is replaced by grey because
 * a large black area swamps the figure, and yellow is fine as a fill.
 */
export const AREA_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#999999'] as const;

export function areaColour(index: number): string {
  return cycle(AREA_PALETTE, index);
}
