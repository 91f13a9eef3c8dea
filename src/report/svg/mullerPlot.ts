import { chartFrame, type LegendEntry, noDataFigure } from './chartFrame';
import { mullerLayout, type MullerLineage } from './mullerLayout';
import { checkedSize, coord, escapeXml, svgDocument } from './svgMarkup';
import { type FigureStyle, themeOf } from './theme';

export interface MullerPlotOptions extends FigureStyle {
  title: string;
  generations: number[];
  lineages: MullerLineage[];
  width?: number;
  height?: number;
  /** How many lineages the legend names, largest peak frequency first; default 10. */
  legendSize?: number;
}

/**
 * Muller plot: lineage frequencies over generations as stacked areas that fill the plot
 * height, with each child lineage nested inside its parent's band (see mullerLayout).
 */
export function mullerPlot(opts: MullerPlotOptions): string {
  const width = checkedSize('mullerPlot', 'width', opts.width, 720, 160);
  const height = checkedSize('mullerPlot', 'height', opts.height, 400, 120);
  const legendSize = checkedSize('mullerPlot', 'legendSize', opts.legendSize, 10, 0);
  const theme = themeOf(opts);
  const layout = mullerLayout(opts.generations, opts.lineages);
  const visible = layout.bands.filter((b) => b.upper.some((u, g) => u > b.lower[g]));
  if (opts.generations.length === 0 || visible.length === 0) {
    return noDataFigure(width, height, opts.title, 'no data', opts);
  }
  // Every visible lineage gets its own colour (a cycled palette gave lineages 13 and 21 of
  // an evo/default run the same pink), the strongest going to the largest peaks, which
  // are the ones the legend names.
  const peak = (b: (typeof visible)[number]): number => Math.max(...b.frequency);
  const byPeak = [...visible].sort((a, b) => peak(b) - peak(a));
  const palette = theme.areas(byPeak.length);
  const colourOf = new Map(byPeak.map((b, i) => [b.id, palette[i]]));
  const named = byPeak.slice(0, legendSize);
  const legend: LegendEntry[] = named.map((b) => ({ name: b.id, colour: colourOf.get(b.id)!, symbol: { kind: 'area' } }));
  const first = opts.generations[0];
  const last = opts.generations[opts.generations.length - 1];
  const frame = chartFrame({
    width,
    height,
    title: opts.title,
    subtitle: opts.subtitle,
    theme,
    xLabel: 'Generation',
    yLabel: 'Frequency',
    x: { min: first, max: last, tight: true },
    y: { min: 0, max: 1, tight: true },
    legend,
    footnote:
      visible.length > named.length
        ? `legend: ${named.length} of ${visible.length} lineages, largest peak frequency first`
        : undefined,
  });

  // A single generation has no width; stretch it across the axis so it shows as a bar.
  const single = opts.generations.length === 1;
  const xs = single ? [frame.plot.left, frame.plot.right] : opts.generations.map((g) => frame.x.map(g));
  const at = (values: number[], k: number): number => values[single ? 0 : k];
  const areas: string[] = [];
  for (const band of visible) {
    // One polygon per stretch where the clade exists, widened by one generation each side
    // so a lineage buds from (and dwindles to) a point; drawing the empty stretches would
    // leave the outline as a stray white line across its parent's band.
    const present = xs.map((_, k) => at(band.upper, k) > at(band.lower, k));
    const pieces: string[] = [];
    let k = 0;
    while (k < xs.length) {
      if (!present[k]) {
        k += 1;
        continue;
      }
      let end = k;
      while (end + 1 < xs.length && present[end + 1]) end += 1;
      const from = Math.max(0, k - 1);
      const to = Math.min(xs.length - 1, end + 1);
      const top: string[] = [];
      const bottom: string[] = [];
      for (let j = from; j <= to; j++) {
        top.push(`${j === from ? 'M' : 'L'}${coord(xs[j])} ${coord(frame.y.map(at(band.upper, j)))}`);
        bottom.push(`L${coord(xs[j])} ${coord(frame.y.map(at(band.lower, j)))}`);
      }
      pieces.push(`${top.join('')}${bottom.reverse().join('')}Z`);
      k = end + 1;
    }
    areas.push(
      `<path d="${pieces.join('')}" fill="${colourOf.get(band.id)}" stroke="${theme.background}" stroke-width="0.5" ` +
        `stroke-linejoin="round" data-lineage="${escapeXml(band.id)}"/>`,
    );
  }
  return svgDocument(width, height, [...frame.under, ...areas, ...frame.over], { background: theme.background, title: opts.title });
}
