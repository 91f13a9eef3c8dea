import { chartFrame, type LegendEntry, noDataFigure } from './chartFrame';
import { mullerLayout, type MullerLineage } from './mullerLayout';
import { areaColour } from '../../shared/colourMaps';
import { checkedSize, coord, escapeXml, svgDocument } from './svgMarkup';

export interface MullerPlotOptions {
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
  const layout = mullerLayout(opts.generations, opts.lineages);
  // Colours follow draw order, so a child never shares its parent's colour unless the
  // palette has wrapped between them.
  const visible = layout.bands.filter((b) => b.upper.some((u, g) => u > b.lower[g]));
  if (opts.generations.length === 0 || visible.length === 0) {
    return noDataFigure(width, height, opts.title);
  }
  const colourOf = new Map(visible.map((b, i) => [b.id, areaColour(i)]));

  const peak = (b: (typeof visible)[number]): number => Math.max(...b.frequency);
  const named = [...visible].sort((a, b) => peak(b) - peak(a)).slice(0, legendSize);
  const legend: LegendEntry[] = named.map((b) => ({ name: b.id, colour: colourOf.get(b.id)!, symbol: { kind: 'area' } }));
  const first = opts.generations[0];
  const last = opts.generations[opts.generations.length - 1];
  const frame = chartFrame({
    width,
    height,
    title: opts.title,
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
      `<path d="${pieces.join('')}" fill="${colourOf.get(band.id)}" stroke="#ffffff" stroke-width="0.5" ` +
        `stroke-linejoin="round" data-lineage="${escapeXml(band.id)}"/>`,
    );
  }
  return svgDocument(width, height, [...frame.under, ...areas, ...frame.over]);
}
