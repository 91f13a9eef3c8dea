import { divergingColour } from '../../shared/divergingColour';
import { logNormalization, type LogNormalization } from '../../shared/logNormalization';
import { pngDataUri, pngEncode } from './pngEncode';
import { titleElements, plotTop } from './chartFrame';
import { checkedSize, coord, escapeXml, svgDocument, textElement } from './svgMarkup';
import { type FigureStyle, themeOf } from './theme';

export interface WeightPanel {
  label: string;
  /** Row-major matrix; rows = 1 draws a single vector as a strip. */
  values: ArrayLike<number>;
  rows: number;
  cols: number;
}

export interface WeightPictureOptions extends FigureStyle {
  title: string;
  panels: WeightPanel[];
  /** Panels per row of the grid; default 2 (weights beside their predictions). */
  columns?: number;
  /** Overrides s, the magnitude where the log normalisation bends; default median |v|. */
  scale?: number;
}

const BOX = 220; // side of the square each panel's matrix is fitted into, in pixels
const MIN_STRIP = 18; // a 1×100 vector is still drawn tall enough to see
const GAP = 28;
const MARGIN = 20;
const LABEL_BAND = 20;
const DIMS_BAND = 20;
const BAR_WIDTH = 14;
const BAR_LABELS = 64;
const MAX_UPSCALE = 32;

function checkPanel(panel: WeightPanel, index: number): void {
  const where = `weightPicture: panel ${index} ("${panel.label}")`;
  for (const [name, value] of [['rows', panel.rows], ['cols', panel.cols]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${where}: expected ${name} to be an integer ≥ 1, got ${value}`);
    }
  }
  if (panel.values.length !== panel.rows * panel.cols) {
    throw new RangeError(
      `${where}: expected rows·cols = ${panel.rows}·${panel.cols} = ${panel.rows * panel.cols} values, got ${panel.values.length}`,
    );
  }
}

/**
 * Drawn size of a panel: square cells fitted into BOX, with a minimum strip thickness.
 * Cells are a whole number of pixels when they can be, so at 100% zoom each cell maps to
 * exact device pixels; resampling a 3-pixel cell onto 2.2 pixels makes moiré stripes.
 */
function panelSize(panel: WeightPanel): { width: number; height: number } {
  const longest = Math.max(panel.rows, panel.cols);
  const cell = longest <= BOX ? Math.floor(BOX / longest) : BOX / longest;
  return { width: Math.max(MIN_STRIP, panel.cols * cell), height: Math.max(MIN_STRIP, panel.rows * cell) };
}

/**
 * The panel as a PNG, each matrix cell repeated kx × ky pixels. Upscaling here, rather
 * than letting the viewer stretch a rows × cols image, keeps cell edges sharp in viewers
 * that smooth scaled images.
 */
function panelPng(panel: WeightPanel, size: { width: number; height: number }, normalization: LogNormalization): string {
  const kx = Math.min(MAX_UPSCALE, Math.max(1, Math.ceil(size.width / panel.cols)));
  const ky = Math.min(MAX_UPSCALE, Math.max(1, Math.ceil(size.height / panel.rows)));
  const width = panel.cols * kx;
  const height = panel.rows * ky;
  const pixels = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  for (let r = 0; r < panel.rows; r++) {
    const firstLine = r * ky * rowBytes;
    for (let c = 0; c < panel.cols; c++) {
      const [red, green, blue] = divergingColour(normalization.normalize(panel.values[r * panel.cols + c]));
      for (let k = 0; k < kx; k++) {
        const o = firstLine + (c * kx + k) * 3;
        pixels[o] = red;
        pixels[o + 1] = green;
        pixels[o + 2] = blue;
      }
    }
    for (let line = 1; line < ky; line++) pixels.copyWithin(firstLine + line * rowBytes, firstLine, firstLine + rowBytes);
  }
  return pngDataUri(pngEncode({ width, height, channels: 3, pixels }));
}

/** Colour bar from -1 (bottom) to +1 (top) as a 1-pixel-wide PNG. */
function colourBarPng(steps: number): string {
  const pixels = new Uint8Array(steps * 3);
  for (let i = 0; i < steps; i++) {
    pixels.set(divergingColour(1 - (2 * i) / (steps - 1)), i * 3);
  }
  return pngDataUri(pngEncode({ width: 1, height: steps, channels: 3, pixels }));
}

/** Two significant digits; exponent form below 0.001 so labels stay short. */
function formatSignificant(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(1).replace('e+', 'e');
  return String(Number(value.toPrecision(2)));
}

function imageElement(x: number, y: number, width: number, height: number, href: string): string {
  // image-rendering asks viewers not to smooth the cells; the PNG is already upscaled
  // for those that ignore it.
  return (
    `<image x="${coord(x)}" y="${coord(y)}" width="${coord(width)}" height="${coord(height)}" preserveAspectRatio="none" ` +
    `image-rendering="optimizeSpeed" style="image-rendering:pixelated" href="${href}"/>`
  );
}

/**
 * Heatmaps of weight matrices and their predictions, side by side, on one shared
 * log-normalised blue–white–red colour scale (the paper's Figs. 2 and 7), with a colour bar.
 */
export function weightPicture(opts: WeightPictureOptions): string {
  if (opts.panels.length === 0) {
    throw new RangeError('weightPicture: expected at least one panel, got 0');
  }
  opts.panels.forEach(checkPanel);
  const columns = Math.min(opts.panels.length, checkedSize('weightPicture', 'columns', opts.columns, 2, 1));
  if (!Number.isInteger(columns)) {
    throw new RangeError(`weightPicture: expected columns to be an integer ≥ 1, got ${opts.columns}`);
  }
  const theme = themeOf(opts);
  const TOP = plotTop(opts.subtitle);
  const normalization = logNormalization(
    opts.panels.map((p) => p.values),
    opts.scale,
  );

  const sizes = opts.panels.map(panelSize);
  const gridRows = Math.ceil(opts.panels.length / columns);
  const rowHeights: number[] = [];
  for (let r = 0; r < gridRows; r++) {
    const inRow = sizes.slice(r * columns, (r + 1) * columns);
    rowHeights.push(LABEL_BAND + Math.max(...inRow.map((s) => s.height)) + DIMS_BAND);
  }
  const gridWidth = columns * BOX + (columns - 1) * GAP;
  const gridHeight = rowHeights.reduce((a, b) => a + b, 0) + (gridRows - 1) * 10;
  const captionTop = TOP + gridHeight + 8;
  const width = Math.max(380, MARGIN + gridWidth + GAP + BAR_WIDTH + BAR_LABELS);
  const height = captionTop + 36;

  const body: string[] = titleElements(width, opts.title, opts);
  let rowTop = TOP;
  opts.panels.forEach((panel, i) => {
    const column = i % columns;
    const gridRow = Math.floor(i / columns);
    if (column === 0 && gridRow > 0) rowTop += rowHeights[gridRow - 1] + 10;
    const size = sizes[i];
    const boxLeft = MARGIN + column * (BOX + GAP);
    const x = boxLeft + Math.round((BOX - size.width) / 2);
    const y = rowTop + LABEL_BAND;
    body.push(textElement(boxLeft + BOX / 2, rowTop + 14, panel.label, { size: 12, anchor: 'middle', fill: theme.text }));
    body.push(imageElement(x, y, size.width, size.height, panelPng(panel, size, normalization)));
    body.push(
      `<rect x="${coord(x)}" y="${coord(y)}" width="${coord(size.width)}" height="${coord(size.height)}" fill="none" ` +
        `stroke="${theme.frame}" stroke-width="0.75" data-panel="${escapeXml(panel.label)}"/>`,
    );
    body.push(textElement(boxLeft + BOX / 2, y + size.height + 15, `${panel.rows} × ${panel.cols}`, { size: 10, anchor: 'middle', fill: theme.note }));
  });

  const barLeft = MARGIN + gridWidth + GAP;
  const barTop = TOP + LABEL_BAND;
  const barHeight = Math.max(100, Math.min(BOX, gridHeight - LABEL_BAND - DIMS_BAND));
  body.push(imageElement(barLeft, barTop, BAR_WIDTH, barHeight, colourBarPng(256)));
  body.push(`<rect x="${coord(barLeft)}" y="${coord(barTop)}" width="${BAR_WIDTH}" height="${coord(barHeight)}" fill="none" stroke="${theme.frame}" stroke-width="0.75"/>`);
  const tickPath: string[] = [];
  for (const n of [1, 0.5, 0, -0.5, -1]) {
    const ty = barTop + ((1 - n) / 2) * barHeight;
    tickPath.push(`M${coord(barLeft + BAR_WIDTH)} ${coord(ty)}h4`);
    body.push(textElement(barLeft + BAR_WIDTH + 7, ty + 4, formatSignificant(normalization.invert(n)), { size: 10, fill: theme.axis }));
  }
  body.push(`<path d="${tickPath.join('')}" stroke="${theme.axis}" stroke-width="1"/>`);

  body.push(
    textElement(MARGIN, captionTop + 10, 'colour: sign(v)·log(1+|v|/s) / log(1+M/s), shared by all panels', { size: 10, fill: theme.note }),
  );
  body.push(
    textElement(
      MARGIN,
      captionTop + 24,
      `s = ${formatSignificant(normalization.scale)}${opts.scale === undefined ? ' (median |v|)' : ''}, M = max |v| = ${formatSignificant(normalization.maxAbs)}`,
      { size: 10, fill: theme.note },
    ),
  );
  return svgDocument(width, height, body, { background: theme.background, title: opts.title });
}
