/**
 * The lineage view's camera: screen = layout · (zx, zy) + (tx, ty), with separate
 * scales for the time axis (pixels per generation) and the slot axis (pixels per
 * slot), so a long, narrow lineage can fill the view. Pure value maths, tested
 * without a canvas.
 */
export interface ViewTransform {
  readonly zx: number;
  readonly zy: number;
  readonly tx: number;
  readonly ty: number;
}

export interface Rect { x: number; y: number; width: number; height: number }

export interface LayoutBounds { minX: number; maxX: number; minY: number; maxY: number }

/** How far the user may zoom: from a whole 100,000-generation run to a few generations. */
export const ZOOM_LIMITS = { min: 1e-3, max: 400 };

export function toScreen(t: ViewTransform, x: number, y: number): { x: number; y: number } {
  return { x: x * t.zx + t.tx, y: y * t.zy + t.ty };
}

export function toLayout(t: ViewTransform, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - t.tx) / t.zx, y: (sy - t.ty) / t.zy };
}

/**
 * Shows the bounds inside the viewport's inner rect; each axis is scaled on its own,
 * capped so a tiny run is not blown up. Time starts at the left edge (a young run
 * grows rightwards from there); the slot axis is centred.
 */
export function fitTransform(bounds: LayoutBounds, viewport: Rect, maxScale = { x: 60, y: 28 }): ViewTransform {
  const spanX = Math.max(1, bounds.maxX - bounds.minX);
  const spanY = Math.max(1, bounds.maxY - bounds.minY);
  const zx = clamp(viewport.width / spanX, ZOOM_LIMITS.min, maxScale.x);
  const zy = clamp(viewport.height / spanY, ZOOM_LIMITS.min, maxScale.y);
  const tx = viewport.x - bounds.minX * zx;
  const ty = viewport.y + (viewport.height - (bounds.maxY - bounds.minY) * zy) / 2 - bounds.minY * zy;
  return { zx, zy, tx, ty };
}

/** Zooms by `factor` (per axis) keeping the layout point under (sx, sy) fixed on screen. */
export function zoomAround(t: ViewTransform, sx: number, sy: number, factorX: number, factorY = factorX): ViewTransform {
  const zx = clamp(t.zx * factorX, ZOOM_LIMITS.min, ZOOM_LIMITS.max);
  const zy = clamp(t.zy * factorY, ZOOM_LIMITS.min, ZOOM_LIMITS.max);
  const anchor = toLayout(t, sx, sy);
  return { zx, zy, tx: sx - anchor.x * zx, ty: sy - anchor.y * zy };
}

export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { ...t, tx: t.tx + dx, ty: t.ty + dy };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
