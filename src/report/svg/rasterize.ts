import { createRequire } from 'node:module';
import { pngEncode } from './pngEncode';

// SVG → PNG for `quinarium figures --png`. The figures are drawn once, as SVG; resvg
// (a Rust SVG renderer shipped as a prebuilt binary inside its npm package) rasterises
// them, and our own encoder writes the PNG so it carries the figure's metadata. Loaded
// on first use: drawing SVG never needs it, and a platform without its binary gets one
// clear line instead of failing at start-up.

interface ResvgModule {
  Resvg: new (svg: string, options: object) => { render(): { width: number; height: number; pixels: Buffer } };
}

/** The renderer could not be loaded on this machine. */
export class RasterizerError extends Error {
  override name = 'RasterizerError';
}

let resvg: ResvgModule | null = null;

function loadResvg(): ResvgModule {
  if (!resvg) {
    try {
      resvg = createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
    } catch (e) {
      throw new RasterizerError(`--png: the SVG renderer @resvg/resvg-js did not load on ${process.platform}-${process.arch} (${(e as Error).message.split('\n')[0]}); the SVG figures are written`);
    }
  }
  return resvg;
}

export interface RasterizeOptions {
  /** Pixels per SVG unit; 2 (default) gives sharp figures on high-density screens and in print. */
  scale?: number;
  /** Stored in the PNG as iTXt fields (Title, Source, Software, …). */
  text?: Record<string, string>;
}

/** The figure as an 8-bit RGB PNG (every figure paints an opaque background, so no alpha is kept). */
export function rasterizeSvg(svg: string, options: RasterizeOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!Number.isFinite(scale) || scale <= 0 || scale > 8) throw new RangeError(`rasterizeSvg: expected scale in (0, 8], got ${scale}`);
  const { Resvg } = loadResvg();
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    // Figures ask for sans-serif; their label widths are estimated for DejaVu Sans.
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    logLevel: 'off',
  }).render();
  const rgba = image.pixels;
  const rgb = new Uint8Array(image.width * image.height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i];
    rgb[j + 1] = rgba[i + 1];
    rgb[j + 2] = rgba[i + 2];
  }
  return pngEncode({ width: image.width, height: image.height, channels: 3, pixels: rgb, text: options.text });
}
