import { AREA_PALETTE, distinctColours, OKABE_ITO } from '../../shared/colourMaps';

// A figure's colours in one place, so every chart can be drawn for a white page (light,
// the default: papers, README) or a dark one (slides, dark-mode sites) from the same code.
// Series and area colours never repeat: a hand-picked palette first (Okabe & Ito,
// readable under colour-vision deficiency), then distinct colours (distinctColours).

export const FIGURE_THEMES = ['light', 'dark'] as const;
export type FigureThemeName = (typeof FIGURE_THEMES)[number];

export interface FigureTheme {
  name: FigureThemeName;
  background: string;
  /** Titles, axis labels, legend text. */
  text: string;
  /** Axes, ticks and tick labels. */
  axis: string;
  grid: string;
  /** Footnotes, subtitles, captions. */
  note: string;
  /** A Pareto front and other black-on-white overlays. */
  ink: string;
  /** Frames of heatmap panels and colour bars. */
  frame: string;
  /** The i-th line or scatter group. */
  series(index: number): string;
  /** `count` distinct fills for stacked areas (Muller plots), strongest first. */
  areas(count: number): string[];
}

function palette(first: readonly string[], lightness: readonly [number, number]): { at(i: number): string; take(n: number): string[] } {
  let cache: string[] = [];
  const take = (n: number): string[] => {
    if (cache.length < n) cache = distinctColours(Math.max(n, 2 * cache.length, 16), { first, lightness });
    return cache.slice(0, n);
  };
  return { at: (i) => take(i + 1)[i], take };
}

const lightSeries = palette(OKABE_ITO, [0.4, 0.8]);
const lightAreas = palette(AREA_PALETTE, [0.45, 0.9]);
// On a dark page Okabe–Ito's black becomes light grey and its dark blue is dropped
// (0.34 from the background in OKLab, against ≥ 0.43 for the rest).
const darkSeries = palette(['#56B4E9', '#E69F00', '#009E73', '#F0E442', '#CC79A7', '#D55E00', '#E0E0E0'], [0.6, 0.95]);
const darkAreas = palette(AREA_PALETTE, [0.45, 0.9]);

export const THEMES: Record<FigureThemeName, FigureTheme> = {
  light: {
    name: 'light',
    background: '#ffffff',
    text: '#222222',
    axis: '#444444',
    grid: '#e6e6e6',
    note: '#666666',
    ink: '#222222',
    frame: '#999999',
    series: lightSeries.at,
    areas: lightAreas.take,
  },
  dark: {
    name: 'dark',
    background: '#16191d',
    text: '#e8e8e8',
    axis: '#b8b8b8',
    grid: '#33383e',
    note: '#a0a0a0',
    ink: '#f0f0f0',
    frame: '#777777',
    series: darkSeries.at,
    areas: darkAreas.take,
  },
};

/** What every figure takes besides its data: the theme and a subtitle line under the title (preset, seed, version). */
export interface FigureStyle {
  theme?: FigureTheme;
  subtitle?: string;
  /** Font size of the title: smaller for a panel inside a figure that has its own title. */
  titleSize?: number;
}

export function themeOf(style: FigureStyle | undefined): FigureTheme {
  return style?.theme ?? THEMES.light;
}
