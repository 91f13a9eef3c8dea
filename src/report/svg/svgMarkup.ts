// The few pieces of markup every figure shares. Figures are plain strings so they
// can be written to disk, embedded in HTML or rasterised without a DOM.

/** Escapes text for use in SVG element content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return (
    text
      // XML 1.0 forbids most control characters even when escaped; a label
      // carrying one (e.g. from a pasted run name) would make the file unreadable.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/**
 * Formats a coordinate with at most two decimals. Throws on NaN/Infinity: the
 * charts filter and clip their data first, so a non-finite coordinate here is a bug,
 * and silently writing "NaN" would make browsers drop the element.
 */
export function coord(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`svg coord: expected a finite coordinate, got ${value}`);
  }
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Attributes for text: font size, anchor and fill in one place so figures look alike. */
export function textElement(
  x: number,
  y: number,
  content: string,
  options: { size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: 'bold'; rotate?: number; baseline?: 'middle' } = {},
): string {
  const size = options.size ?? 12;
  const anchor = options.anchor ?? 'start';
  const attributes = [
    `x="${coord(x)}"`,
    `y="${coord(y)}"`,
    `font-size="${size}"`,
    `text-anchor="${anchor}"`,
    `fill="${options.fill ?? '#222222'}"`,
  ];
  if (options.weight) attributes.push(`font-weight="${options.weight}"`);
  // dominant-baseline is ignored by some rasterisers, so callers offset y instead;
  // "middle" is only used where a small vertical error is invisible.
  if (options.baseline) attributes.push(`dominant-baseline="${options.baseline}"`);
  if (options.rotate !== undefined) {
    attributes.push(`transform="rotate(${coord(options.rotate)} ${coord(x)} ${coord(y)})"`);
  }
  return `<text ${attributes.join(' ')}>${escapeXml(content)}</text>`;
}

/** Rough width of a label in pixels: DejaVu Sans (a common sans-serif fallback) averages ~0.65 em per character of mixed text. */
export function estimateTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.65;
}

/**
 * Wraps figure content in a standalone SVG document on a filled background (white
 * unless a theme says otherwise). `title` becomes the document's <title>, which viewers
 * show as its name and screen readers read.
 */
export function svgDocument(width: number, height: number, body: readonly string[], options: { background?: string; title?: string } = {}): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${coord(width)}" height="${coord(height)}" ` +
      `viewBox="0 0 ${coord(width)} ${coord(height)}" font-family="sans-serif">`,
    ...(options.title ? [`<title>${escapeXml(options.title)}</title>`] : []),
    `<rect x="0" y="0" width="${coord(width)}" height="${coord(height)}" fill="${options.background ?? '#ffffff'}"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Checks a figure size option and names the figure, the option and the value in the error. */
export function checkedSize(figure: string, option: string, value: number | undefined, fallback: number, minimum: number): number {
  const size = value ?? fallback;
  if (!Number.isFinite(size) || size < minimum) {
    throw new RangeError(`${figure}: expected ${option} to be a finite number ≥ ${minimum}, got ${value}`);
  }
  return size;
}
