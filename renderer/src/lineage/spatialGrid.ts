/**
 * A uniform grid over points for hit-testing: built once per layout change in
 * O(n) (counting sort into cells, CSR arrays), queried in time proportional to the
 * points near the cursor — a linear scan of 50,000 nodes per mouse move would not be.
 */
export class SpatialGrid {
  private readonly minX: number;
  private readonly minY: number;
  private readonly cellW: number;
  private readonly cellH: number;
  private readonly cols: number;
  private readonly rows: number;
  /** Points of cell c are items[cellStart[c] .. cellStart[c + 1]). */
  private readonly cellStart: Int32Array;
  private readonly items: Int32Array;

  constructor(
    private readonly x: ArrayLike<number>,
    private readonly y: ArrayLike<number>,
    readonly count: number,
    cellW = 1,
    cellH = 4,
  ) {
    if (!(cellW > 0 && cellH > 0)) throw new RangeError(`SpatialGrid: expected cell sizes > 0, got ${cellW}×${cellH}`);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < count; i++) {
      if (x[i] < minX) minX = x[i];
      if (x[i] > maxX) maxX = x[i];
      if (y[i] < minY) minY = y[i];
      if (y[i] > maxY) maxY = y[i];
    }
    if (count === 0) minX = minY = maxX = maxY = 0;
    // Cap the cell count near the point count so memory stays O(n) for sparse, wide layouts.
    const cap = Math.max(1024, 4 * count);
    while (((maxX - minX) / cellW + 1) * ((maxY - minY) / cellH + 1) > cap) {
      cellW *= 2;
      cellH *= 2;
    }
    this.minX = minX;
    this.minY = minY;
    this.cellW = cellW;
    this.cellH = cellH;
    this.cols = Math.floor((maxX - minX) / cellW) + 1;
    this.rows = Math.floor((maxY - minY) / cellH) + 1;
    const cellOf = new Int32Array(count);
    this.cellStart = new Int32Array(this.cols * this.rows + 1);
    for (let i = 0; i < count; i++) {
      const c = this.cellIndex(x[i], y[i]);
      cellOf[i] = c;
      this.cellStart[c + 1]++;
    }
    for (let c = 0; c < this.cols * this.rows; c++) this.cellStart[c + 1] += this.cellStart[c];
    const fill = this.cellStart.slice(0, -1);
    this.items = new Int32Array(count);
    for (let i = 0; i < count; i++) this.items[fill[cellOf[i]]++] = i;
  }

  private cellIndex(px: number, py: number): number {
    const cx = Math.floor((px - this.minX) / this.cellW);
    const cy = Math.floor((py - this.minY) / this.cellH);
    return cy * this.cols + cx;
  }

  /**
   * Index of the point nearest (px, py) inside the ellipse of radii (rx, ry) — the
   * two axes have different units (generations, slots) — or -1 when none is inside.
   * With `include`, points whose entry is 0 (hidden by a filter) are skipped.
   */
  nearest(px: number, py: number, rx: number, ry: number, include?: ArrayLike<number>): number {
    if (this.count === 0 || !(rx > 0 && ry > 0)) return -1;
    const c0 = Math.max(0, Math.floor((px - rx - this.minX) / this.cellW));
    const c1 = Math.min(this.cols - 1, Math.floor((px + rx - this.minX) / this.cellW));
    const r0 = Math.max(0, Math.floor((py - ry - this.minY) / this.cellH));
    const r1 = Math.min(this.rows - 1, Math.floor((py + ry - this.minY) / this.cellH));
    let best = -1;
    let bestDistance = 1;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.cols + c;
        for (let k = this.cellStart[cell]; k < this.cellStart[cell + 1]; k++) {
          const i = this.items[k];
          if (include && !include[i]) continue;
          const dx = (this.x[i] - px) / rx;
          const dy = (this.y[i] - py) / ry;
          const d = dx * dx + dy * dy;
          if (d <= bestDistance) {
            bestDistance = d;
            best = i;
          }
        }
      }
    }
    return best;
  }
}
