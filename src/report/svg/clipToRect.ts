// Polylines cut to a rectangle before they are written, rather than relying on an SVG
// clipPath: an exploding value then never puts a huge coordinate into the file, and
// figures carry no element ids that could collide when several are inlined in one page.

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export type Point = readonly [number, number];

/** Liang–Barsky: the parameter interval [t0, t1] of segment a→b inside the rectangle, or null. */
function clipSegment(a: Point, b: Point, rect: Rect): [number, number] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const p = [-dx, dx, -dy, dy];
  const q = [a[0] - rect.left, rect.right - a[0], a[1] - rect.top, rect.bottom - a[1]];
  let t0 = 0;
  let t1 = 1;
  for (let i = 0; i < 4; i++) {
    if (p[i] === 0) {
      if (q[i] < 0) return null;
    } else {
      const r = q[i] / p[i];
      if (p[i] < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
    }
  }
  return t0 <= t1 ? [t0, t1] : null;
}

function inside(point: Point, rect: Rect): boolean {
  return point[0] >= rect.left && point[0] <= rect.right && point[1] >= rect.top && point[1] <= rect.bottom;
}

/**
 * The visible pieces of a polyline (pixel coordinates): each piece is a run of points
 * inside `rect`, with new end points where the line crosses the rectangle's edge.
 */
export function clipPolyline(points: readonly Point[], rect: Rect): Point[][] {
  if (points.length === 1) return inside(points[0], rect) ? [[points[0]]] : [];
  const pieces: Point[][] = [];
  let current: Point[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const interval = clipSegment(a, b, rect);
    if (interval === null) {
      if (current.length > 0) pieces.push(current);
      current = [];
      continue;
    }
    const [t0, t1] = interval;
    const at = (t: number): Point => [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    if (t0 > 0 || current.length === 0) {
      if (current.length > 0) pieces.push(current);
      current = [at(t0)];
    }
    current.push(at(t1));
    if (t1 < 1) {
      pieces.push(current);
      current = [];
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

/**
 * A closed polygon cut to the rectangle (Sutherland–Hodgman: one pass per edge), for
 * filled areas such as a ± sd band; empty when nothing of it is inside.
 */
export function clipPolygon(points: readonly Point[], rect: Rect): Point[] {
  const edges: [(p: Point) => boolean, (a: Point, b: Point) => Point][] = [
    [(p) => p[0] >= rect.left, (a, b) => atX(a, b, rect.left)],
    [(p) => p[0] <= rect.right, (a, b) => atX(a, b, rect.right)],
    [(p) => p[1] >= rect.top, (a, b) => atY(a, b, rect.top)],
    [(p) => p[1] <= rect.bottom, (a, b) => atY(a, b, rect.bottom)],
  ];
  let out: Point[] = [...points];
  for (const [inside, cross] of edges) {
    const input = out;
    out = [];
    input.forEach((current, i) => {
      const previous = input[(i + input.length - 1) % input.length];
      if (inside(current)) {
        if (!inside(previous)) out.push(cross(previous, current));
        out.push(current);
      } else if (inside(previous)) {
        out.push(cross(previous, current));
      }
    });
    if (out.length === 0) return out;
  }
  return out;
}

function atX(a: Point, b: Point, x: number): Point {
  return [x, a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0])];
}

function atY(a: Point, b: Point, y: number): Point {
  return [a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y];
}
