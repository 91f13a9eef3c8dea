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

/** Colour of the i-th series, cycling through the palette. */
export function seriesColour(index: number): string {
  return OKABE_ITO[((index % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length];
}

/**
 * Fill colours for stacked areas (Muller plots): black is replaced by grey because
 * a large black area swamps the figure, and yellow is fine as a fill.
 */
export const AREA_PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#999999'] as const;

export function areaColour(index: number): string {
  return AREA_PALETTE[((index % AREA_PALETTE.length) + AREA_PALETTE.length) % AREA_PALETTE.length];
}
