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

/**
 * Fill colours for stacked areas (Muller plots), before distinctColours adds more: black
 * is replaced by grey because a large black area swamps the figure, and yellow is fine
 * as a fill.
 */
export const AREA_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#999999'] as const;

// --- Categorical colours that never repeat --------------------------------------------
// A cycled palette gives two lineages of a Muller plot one colour as soon as there are
// more lineages than colours (the 8-colour area palette made lineages 13 and 21 of an
// evo/default run both pink). `distinctColours` keeps a hand-picked palette first and
// then adds, one at a time, the sRGB colour farthest (in OKLab) from every colour
// chosen so far, so any number of categories gets distinct, well-separated colours.

type Lab = readonly [number, number, number];

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** OKLab (Ottosson 2020) of an 8-bit sRGB colour: L in 0..1, Euclidean distance ≈ perceived difference. */
export function oklab([red, green, blue]: Rgb): Lab {
  const r = linear(red);
  const g = linear(green);
  const b = linear(blue);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

/** 0xRRGGBB or '#rrggbb' as [r, g, b]. */
export function rgbOf(colour: string | number): Rgb {
  const v = typeof colour === 'number' ? colour : Number.parseInt(colour.replace('#', ''), 16);
  return [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];
}

/** Perceived difference of two colours: Euclidean distance in OKLab. */
export function colourDistance(a: string, b: string): number {
  const p = oklab(rgbOf(a));
  const q = oklab(rgbOf(b));
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

export interface DistinctColourOptions {
  /** Colours to use first, in order (e.g. Okabe–Ito). */
  first?: readonly string[];
  /** OKLab lightness range of the added colours: keeps them off the background. */
  lightness?: readonly [number, number];
  /** OKLab chroma range of the added colours: greys read as "missing", neon swamps a figure. */
  chroma?: readonly [number, number];
}

const GRID_LEVELS = 10; // 10³ sRGB candidates, 0, 28, …, 255 per channel
const candidateCache = new Map<string, { hex: string; lab: Lab }[]>();

function candidates(lightness: readonly [number, number], chroma: readonly [number, number]): { hex: string; lab: Lab }[] {
  const key = `${lightness.join(':')}:${chroma.join(':')}`;
  let list = candidateCache.get(key);
  if (!list) {
    list = [];
    const level = (i: number): number => Math.round((255 * i) / (GRID_LEVELS - 1));
    for (let r = 0; r < GRID_LEVELS; r++) {
      for (let g = 0; g < GRID_LEVELS; g++) {
        for (let b = 0; b < GRID_LEVELS; b++) {
          const rgb: Rgb = [level(r), level(g), level(b)];
          const lab = oklab(rgb);
          const c = Math.hypot(lab[1], lab[2]);
          if (lab[0] < lightness[0] || lab[0] > lightness[1] || c < chroma[0] || c > chroma[1]) continue;
          list.push({ hex: cssHex((rgb[0] << 16) | (rgb[1] << 8) | rgb[2]), lab });
        }
      }
    }
    candidateCache.set(key, list);
  }
  return list;
}

/**
 * `count` distinct colours ('#rrggbb'): `first` in order, then greedy farthest-point
 * picks from an sRGB grid within the lightness and chroma limits. Deterministic: the same
 * arguments always give the same list, and a longer list extends a shorter one.
 */
export function distinctColours(count: number, options: DistinctColourOptions = {}): string[] {
  const first = (options.first ?? []).filter((c, i, all) => all.findIndex((d) => d.toLowerCase() === c.toLowerCase()) === i);
  const chosen = first.slice(0, count);
  if (chosen.length === count) return chosen;
  const pool = candidates(options.lightness ?? [0.4, 0.85], options.chroma ?? [0.06, 0.2]);
  // nearest[i]: distance from candidate i to the closest colour chosen so far.
  const nearest = pool.map(() => Infinity);
  const update = (lab: Lab) => pool.forEach((c, i) => {
    nearest[i] = Math.min(nearest[i], Math.hypot(c.lab[0] - lab[0], c.lab[1] - lab[1], c.lab[2] - lab[2]));
  });
  for (const c of chosen) update(oklab(rgbOf(c)));
  while (chosen.length < count) {
    let best = -1;
    for (let i = 0; i < pool.length; i++) if (nearest[i] > 0 && (best < 0 || nearest[i] > nearest[best])) best = i;
    if (best < 0) throw new RangeError(`distinctColours: expected at most ${chosen.length} colours in these limits, asked for ${count}`);
    chosen.push(pool[best].hex);
    update(pool[best].lab);
  }
  return chosen;
}
