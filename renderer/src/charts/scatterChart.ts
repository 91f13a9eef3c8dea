import { prepareCanvas } from './chartCanvas';
import { paretoFront } from '../../../src/shared/paretoFront';
import { dataDomain } from '../../../src/shared/scale';
import { clipToPlot, drawEmpty, drawFrame, type Frame } from './chartFrame';
import { chartTheme } from './chartTheme';

export interface ScatterSpec {
  title: string;
  accuracy: readonly number[];
  lsr: readonly number[];
  /** Fill colour per point (the lineage's accuracy colours, so the two views agree). */
  colours?: readonly string[];
  /** Index of a point to ring (the inspected individual). */
  highlight?: number;
}

/**
 * The population in the (accuracy, L_SR) plane, L_SR on a log axis, with its first
 * Pareto front (accuracy ↑, L_SR ↓) drawn as a staircase through the front points.
 */
export function drawScatterChart(canvas: HTMLCanvasElement, spec: ScatterSpec): Frame {
  const { ctx, width, height } = prepareCanvas(canvas);
  const xDomain = dataDomain(spec.accuracy, false, 0, [0, 1]);
  const yDomain = dataDomain(spec.lsr, true, 0);
  const frame = drawFrame(ctx, width, height, spec.title, { label: 'accuracy', domain: xDomain }, { label: 'L_SR (log)', domain: yDomain, log: true }, [
    { label: 'Pareto front', colour: chartTheme.accent },
  ]);
  if (!spec.accuracy.length) {
    drawEmpty(ctx, frame, 'population appears after the first generation');
    return frame;
  }
  ctx.save();
  clipToPlot(ctx, frame);
  const front = paretoFront(spec.accuracy, spec.lsr);
  const onFront = new Set(front);
  if (front.length) {
    // Staircase: from each front point go down in L_SR to the next, then left in accuracy.
    ctx.strokeStyle = chartTheme.accent;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(frame.x.map(spec.accuracy[front[0]]), frame.plot.top);
    for (let k = 0; k < front.length; k++) {
      const i = front[k];
      ctx.lineTo(frame.x.map(spec.accuracy[i]), frame.y.map(spec.lsr[i]));
      const next = front[k + 1];
      ctx.lineTo(next === undefined ? frame.plot.left : frame.x.map(spec.accuracy[next]), frame.y.map(spec.lsr[i]));
    }
    ctx.stroke();
  }
  // Points are not clipped: the axes end on the outermost ticks, which can be data
  // values, and a marker there should show whole rather than halved by the frame.
  ctx.restore();
  for (let i = 0; i < spec.accuracy.length; i++) {
    if (!(frame.x.isPlottable(spec.accuracy[i]) && frame.y.isPlottable(spec.lsr[i]))) continue;
    const px = frame.x.map(spec.accuracy[i]);
    const py = frame.y.map(spec.lsr[i]);
    ctx.fillStyle = spec.colours?.[i] ?? '#8fa3b8';
    ctx.beginPath();
    ctx.arc(px, py, onFront.has(i) ? 4 : 3, 0, Math.PI * 2);
    ctx.fill();
    if (onFront.has(i)) {
      ctx.strokeStyle = chartTheme.accent;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    }
    if (i === spec.highlight) {
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(px, py, 7, 0, Math.PI * 2);
      ctx.stroke();
    }
  }
  return frame;
}

/** Index of the point nearest a pixel (within `reach` pixels), or -1: a click on the scatter inspects that individual. */
export function scatterPointAt(frame: Frame, accuracy: readonly number[], lsr: readonly number[], px: number, py: number, reach = 8): number {
  let best = -1, bestD = reach * reach;
  for (let i = 0; i < accuracy.length; i++) {
    if (!(frame.x.isPlottable(accuracy[i]) && frame.y.isPlottable(lsr[i]))) continue;
    const dx = frame.x.map(accuracy[i]) - px, dy = frame.y.map(lsr[i]) - py;
    if (dx * dx + dy * dy <= bestD) {
      bestD = dx * dx + dy * dy;
      best = i;
    }
  }
  return best;
}
