import { divergingColour } from '../../../src/shared/divergingColour';
import { logNormalization, type LogNormalization } from '../../../src/shared/logNormalization';

export interface WeightMatrix { name: string; rows: number; cols: number; theta: readonly number[]; predicted: readonly number[] }

/**
 * One log-normalisation fitted to every weight and prediction of the individual,
 * so equal colours mean equal values across all panels — the paper's Fig. 7
 * compares weights with their predictions by colour.
 */
export function sharedNormalization(matrices: readonly WeightMatrix[]): LogNormalization {
  return logNormalization(matrices.flatMap((m) => [m.theta, m.predicted]));
}

/** Paints a row-major matrix into a canvas, one pixel per entry (CSS scales it up, pixelated). */
export function paintMatrix(canvas: HTMLCanvasElement, values: readonly number[], rows: number, cols: number, normalization: LogNormalization): void {
  if (values.length !== rows * cols) {
    throw new RangeError(`paintMatrix: expected ${rows}×${cols} = ${rows * cols} values, got ${values.length}`);
  }
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('paintMatrix: no 2D context for the weight picture');
  const image = ctx.createImageData(cols, rows);
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = divergingColour(normalization.normalize(values[i]));
    image.data[4 * i] = r;
    image.data[4 * i + 1] = g;
    image.data[4 * i + 2] = b;
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

/** The colour bar for the shared scale, labelled with the values at −1, 0 and +1. */
export function paintColourBar(canvas: HTMLCanvasElement, width: number): void {
  canvas.width = width;
  canvas.height = 1;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('paintColourBar: no 2D context for the colour bar');
  const image = ctx.createImageData(width, 1);
  for (let x = 0; x < width; x++) {
    const [r, g, b] = divergingColour((x / (width - 1)) * 2 - 1);
    image.data.set([r, g, b, 255], 4 * x);
  }
  ctx.putImageData(image, 0, 0);
}
