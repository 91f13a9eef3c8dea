import { coord } from './svgMarkup';

// Scatter groups differ by shape as well as colour, so they stay apart in greyscale
// print and for readers who cannot tell two palette colours apart.
export const MARKER_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'triangle-down', 'cross'] as const;
export type MarkerShape = (typeof MARKER_SHAPES)[number];

export function markerShapeAt(index: number): MarkerShape {
  return MARKER_SHAPES[index % MARKER_SHAPES.length];
}

/** One marker centred on (x, y) with radius r, as an SVG element string; `stroke` outlines it against the background. */
export function markerElement(shape: MarkerShape, x: number, y: number, r: number, fill: string, extra = '', stroke = '#ffffff'): string {
  const style = `fill="${fill}" stroke="${stroke}" stroke-width="0.75"${extra ? ` ${extra}` : ''}`;
  const p = (dx: number, dy: number): string => `${coord(x + dx)} ${coord(y + dy)}`;
  switch (shape) {
    case 'circle':
      return `<circle cx="${coord(x)}" cy="${coord(y)}" r="${coord(r)}" ${style}/>`;
    case 'square':
      return `<rect x="${coord(x - r * 0.9)}" y="${coord(y - r * 0.9)}" width="${coord(r * 1.8)}" height="${coord(r * 1.8)}" ${style}/>`;
    case 'triangle':
      return `<path d="M${p(0, -r * 1.15)}L${p(r, r * 0.7)}L${p(-r, r * 0.7)}Z" ${style}/>`;
    case 'triangle-down':
      return `<path d="M${p(0, r * 1.15)}L${p(r, -r * 0.7)}L${p(-r, -r * 0.7)}Z" ${style}/>`;
    case 'diamond':
      return `<path d="M${p(0, -r * 1.25)}L${p(r * 1.1, 0)}L${p(0, r * 1.25)}L${p(-r * 1.1, 0)}Z" ${style}/>`;
    case 'cross': {
      const a = r * 0.4;
      return (
        `<path d="M${p(-a, -r)}L${p(a, -r)}L${p(a, -a)}L${p(r, -a)}L${p(r, a)}L${p(a, a)}L${p(a, r)}` +
        `L${p(-a, r)}L${p(-a, a)}L${p(-r, a)}L${p(-r, -a)}L${p(-a, -a)}Z" ${style}/>`
      );
    }
  }
}
