import { prepareCanvas } from '../charts/chartCanvas';
import { clipToPlot, drawFrame } from '../charts/chartFrame';
import { chartTheme } from '../charts/chartTheme';

/**
 * The symmetric half-width of the f-vs-θ plot: the larger of the two vectors' 99.9th
 * percentile magnitudes, so a handful of outlying predictions cannot shrink the cloud
 * into a dot, and a trivial quine (f ≈ 0 while θ is not) still shows its flat line.
 */
export function scatterExtent(theta: readonly number[], predicted: readonly number[]): number {
  const mags: number[] = [];
  for (const v of theta) if (Number.isFinite(v)) mags.push(Math.abs(v));
  for (const v of predicted) if (Number.isFinite(v)) mags.push(Math.abs(v));
  if (!mags.length) return 1;
  mags.sort((a, b) => a - b);
  const q = mags[Math.min(mags.length - 1, Math.floor(0.999 * (mags.length - 1)))];
  return q > 0 ? q * 1.05 : 1;
}

/**
 * Every weight θ_c against its prediction f(c), with the line y = x on which an exact
 * quine lies: a 100×100 noise map cannot show fidelity, this can. A trivial quine
 * reads as a flat line through 0 (f ignores θ), a genuine one as the diagonal.
 */
export function drawReplicationScatter(canvas: HTMLCanvasElement, theta: readonly number[], predicted: readonly number[], title: string): void {
  const { ctx, width, height } = prepareCanvas(canvas);
  const m = scatterExtent(theta, predicted);
  const frame = drawFrame(ctx, width, height, title, { label: 'weight θ_c', domain: [-m, m], tight: true }, { label: 'prediction f(c)', domain: [-m, m], tight: true }, [
    { label: 'y = x (exact quine)', colour: chartTheme.accent, dashed: true },
  ]);
  ctx.save();
  clipToPlot(ctx, frame);
  ctx.fillStyle = 'rgba(86, 180, 233, 0.35)';
  for (let i = 0; i < theta.length; i++) {
    const x = frame.x.map(theta[i]), y = frame.y.map(predicted[i]);
    if (Number.isFinite(x) && Number.isFinite(y)) ctx.fillRect(x - 0.75, y - 0.75, 1.5, 1.5);
  }
  ctx.strokeStyle = chartTheme.accent;
  ctx.setLineDash([5, 3]);
  ctx.lineWidth = 1.2;
  ctx.beginPath();
  ctx.moveTo(frame.x.map(-m), frame.y.map(-m));
  ctx.lineTo(frame.x.map(m), frame.y.map(m));
  ctx.stroke();
  ctx.restore();
}
