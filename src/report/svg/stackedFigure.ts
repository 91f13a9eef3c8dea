import { titleElements } from './chartFrame';
import { checkedSize, coord, svgDocument } from './svgMarkup';
import { type FigureStyle, themeOf } from './theme';

export interface StackedFigureOptions extends FigureStyle {
  title: string;
  /** Complete figures (e.g. lineChart's), each drawn at its own size, top to bottom. */
  panels: string[];
}

const SVG_OPEN = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="([\d.]+)" height="([\d.]+)"/;

/**
 * Panels one above the other under one title, each kept as a nested <svg> at its offset.
 * For quantities that must not share an axis (a correlation in [−1, 1] beside a
 * magnitude spanning decades): give the panels the same width, plotLeft and legendWidth
 * so their x axes line up.
 */
export function stackedFigure(opts: StackedFigureOptions): string {
  if (opts.panels.length === 0) throw new RangeError('stackedFigure: expected at least one panel, got 0');
  const theme = themeOf(opts);
  const sizes = opts.panels.map((svg, i) => {
    const m = SVG_OPEN.exec(svg);
    if (!m) throw new RangeError(`stackedFigure: panel ${i} is not a figure made here (no <svg width height> at its start)`);
    return { width: Number(m[1]), height: Number(m[2]) };
  });
  const top = opts.subtitle ? 50 : 34;
  const width = checkedSize('stackedFigure', 'width', Math.max(...sizes.map((s) => s.width)), 0, 1);
  const height = top + sizes.reduce((sum, s) => sum + s.height, 0);
  const body = titleElements(width, opts.title, opts);
  let y = top;
  opts.panels.forEach((svg, i) => {
    body.push(svg.replace(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /, `<svg x="0" y="${coord(y)}" `).trimEnd());
    y += sizes[i].height;
  });
  return svgDocument(width, height, body, { background: theme.background, title: opts.title });
}
