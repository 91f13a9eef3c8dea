import type { IndividualRow } from '../../../src/protocol/messages';
import { compactPlacement } from './compactPlacement';
import { SpatialGrid } from './spatialGrid';
import { viridis } from '../../../src/shared/colourMaps';
import { colourMetric, percentileDomain, type ColourByKey, type ColourMetric, type SizeByKey } from './colourBy';

/** Died-generation sentinel for the living. */
const ALIVE = -1;
/** Alpha of nodes and edges of lineages that have no living descendant. */
export const EXTINCT_ALPHA = 0.22;

/** Which nodes are drawn: all, or only the survivors' ancestry (lineages with a living descendant; extinct ones hidden). */
export type LineageFilter = 'all' | 'survivors';
export const LINEAGE_FILTERS: readonly { key: LineageFilter; label: string }[] = [
  { key: 'all', label: 'everyone' },
  { key: 'survivors', label: "survivors' ancestry only" },
];

export interface LineageLayoutOptions {
  /** What the node colour shows (default accuracy), on its 5th..95th percentile scale. */
  colourBy?: ColourByKey;
  /** What the node size shows (default −log₁₀ L_SR), on its 5th..95th percentile scale. */
  sizeBy?: SizeByKey;
  filter?: LineageFilter;
}

/**
 * The lineage as data to draw, with no drawing in it (style guide rule 8): nodes
 * arrive as births, deaths and metric updates; `update()` turns them into typed
 * arrays — x = birth generation, y = a slot near the parent, colour, size, alpha,
 * parent links — which a view reads while `dirty` and then clears with `markDrawn()`.
 *
 * Placement is per birth generation in ascending order, and a generation depends
 * only on earlier ones, so positions never move as later generations arrive and a
 * run replayed in one batch lays out exactly as it did live.
 */
export class LineageLayout {
  private capacity = 0;
  private n = 0;
  private readonly indexById = new Map<number, number>();
  private rows: IndividualRow[] = [];
  private ids = new Float64Array(0);
  private parentIds = new Float64Array(0);
  private parentIndexArray = new Int32Array(0);
  private bornArray = new Int32Array(0);
  private diedArray = new Int32Array(0);
  private accuracyArray = new Float64Array(0);
  private lsrArray = new Float64Array(0);
  private xArray = new Float32Array(0);
  private yArray = new Float32Array(0);
  private lineAliveArray = new Uint8Array(0);
  private colourArray = new Uint32Array(0);
  private sizeArray = new Float32Array(0);
  private alphaArray = new Float32Array(0);
  private shownArray = new Uint8Array(0);
  /** Living descendants of each node, itself included (the MRCA has them all). */
  private livingBelowArray = new Int32Array(0);
  private mrcaIndex = -1;

  /** Node indices per birth generation, in arrival order. */
  private readonly buckets = new Map<number, number[]>();
  /** The distinct birth generations, ascending. */
  private generationsSorted: number[] = [];
  /** Nodes whose parent id has not arrived yet. */
  private orphans: number[] = [];
  /** Earliest generation whose placement is stale (Infinity when none). */
  private placeFrom = Infinity;
  private flagsStale = false;
  private styleStale = false;
  private grid: SpatialGrid | null = null;
  private dirtyFlag = false;
  private livingCount = 0;
  private accuracyRange: [number, number] = [0, 1];
  private fidelityRange: [number, number] = [0, 1];
  private colourRange: [number, number] = [0, 1];
  private colourMetricNow: ColourMetric;
  private sizeMetricNow: ColourMetric;
  private filterNow: LineageFilter;

  constructor(options: LineageLayoutOptions = {}) {
    this.colourMetricNow = colourMetric(options.colourBy ?? 'accuracy');
    this.sizeMetricNow = colourMetric(options.sizeBy ?? 'fidelity');
    this.filterNow = options.filter ?? 'all';
  }

  /** Resizes the nodes by another per-individual metric. */
  setSizeBy(key: SizeByKey): void {
    this.sizeMetricNow = colourMetric(key);
    this.styleStale = true;
    this.touch();
  }
  get sizeBy(): ColourMetric { return this.sizeMetricNow; }

  /** Hides (or shows again) the lineages with no living descendant. */
  setFilter(filter: LineageFilter): void {
    this.filterNow = filter;
    this.styleStale = true;
    this.touch();
  }
  get filter(): LineageFilter { return this.filterNow; }

  /** 1 when the node is drawn under the current filter. */
  get shown(): Uint8Array { return this.shownArray; }

  /** The most recent common ancestor of everyone alive (null with no living, or several surviving founders). */
  get mrca(): number | null {
    this.update();
    return this.mrcaIndex < 0 ? null : this.ids[this.mrcaIndex];
  }

  /** Recolours by another per-individual metric (the view redraws on the next frame). */
  setColourBy(key: ColourByKey): void {
    this.colourMetricNow = colourMetric(key);
    this.styleStale = true;
    this.touch();
  }
  get colourBy(): ColourMetric { return this.colourMetricNow; }
  /** The values of the colour metric at the two ends of viridis (5th and 95th percentile). */
  get colourDomain(): readonly [number, number] {
    this.update();
    return this.colourRange;
  }

  get count(): number { return this.n; }
  /** True when the arrays changed since the last `markDrawn()`. */
  get dirty(): boolean { return this.dirtyFlag; }
  markDrawn(): void { this.dirtyFlag = false; }

  // Typed arrays of length ≥ count; only the first `count` entries are meaningful.
  get x(): Float32Array { return this.xArray; }
  get y(): Float32Array { return this.yArray; }
  /** Index of each node's parent, -1 for roots: the edges are parentIndex[i] → i. */
  get parentIndex(): Int32Array { return this.parentIndexArray; }
  /** 1 when the node is alive or has a living descendant. */
  get lineAlive(): Uint8Array { return this.lineAliveArray; }
  /** 0xRRGGBB from the colour metric (viridis); grey when not measured. */
  get colour(): Uint32Array { return this.colourArray; }
  /** The size metric (default −log₁₀ L_SR) scaled to [0, 1] over its 5th..95th percentile. */
  get size(): Float32Array { return this.sizeArray; }
  get alpha(): Float32Array { return this.alphaArray; }
  /** Generation of death, -1 while alive. */
  get died(): Int32Array { return this.diedArray; }
  /** min..max of accuracy (the charts' scatter colours by it). */
  get accuracyDomain(): readonly [number, number] { return this.accuracyRange; }
  /** The values of the size metric at the smallest and largest disc (5th and 95th percentile). */
  get sizeDomain(): readonly [number, number] { return this.fidelityRange; }
  /** Individuals alive now. */
  get living(): number {
    this.update();
    return this.livingCount;
  }
  /** The latest birth generation (-1 when empty). */
  get lastGeneration(): number {
    return this.generationsSorted.length ? this.generationsSorted[this.generationsSorted.length - 1] : -1;
  }

  indexOf(id: number): number { return this.indexById.get(id) ?? -1; }
  idAt(index: number): number { return this.ids[index]; }
  row(id: number): IndividualRow | undefined {
    const i = this.indexById.get(id);
    return i === undefined ? undefined : this.rows[i];
  }
  /** True when the node is dead and none of its descendants lives. */
  isExtinct(id: number): boolean {
    this.update();
    const i = this.indexOf(id);
    if (i < 0) throw new RangeError(`LineageLayout.isExtinct: unknown id ${id}`);
    return this.lineAliveArray[i] === 0;
  }
  position(id: number): { x: number; y: number } | null {
    this.update();
    const i = this.indexOf(id);
    return i < 0 ? null : { x: this.xArray[i], y: this.yArray[i] };
  }

  /** Ids from the root to `id` (inclusive), following known parents. */
  ancestry(id: number): number[] {
    this.update();
    const path: number[] = [];
    for (let i = this.indexOf(id); i >= 0; i = this.parentIndexArray[i]) path.push(this.ids[i]);
    return path.reverse();
  }

  /** Ids of the individual's children, in birth order (a scan: called when the inspector opens, not per frame). */
  children(id: number): number[] {
    this.update();
    const p = this.indexOf(id);
    const out: number[] = [];
    if (p < 0) return out;
    for (let i = 0; i < this.n; i++) if (this.parentIndexArray[i] === p) out.push(this.ids[i]);
    return out;
  }

  /** Adds new individuals (births) and merges newer fields into known ones (metrics, deaths). */
  upsert(rows: readonly IndividualRow[]): void {
    for (const row of rows) {
      const known = this.indexById.get(row.id);
      if (known === undefined) this.add(row);
      else this.merge(known, row);
    }
    if (rows.length) this.touch();
  }

  setDeaths(ids: readonly number[], generation: number): void {
    for (const id of ids) {
      const i = this.indexById.get(id);
      if (i === undefined) continue;
      this.diedArray[i] = generation;
      this.rows[i] = { ...this.rows[i], died: generation };
    }
    this.flagsStale = true;
    this.touch();
  }

  /** Recomputes whatever is stale; cheap when nothing changed. */
  update(): void {
    if (this.orphans.length) this.resolveOrphans();
    if (this.placeFrom !== Infinity) this.place();
    if (this.flagsStale) this.propagateLineAlive();
    if (this.styleStale) this.computeStyle();
  }

  /**
   * The id of the node nearest (x, y) in layout units within the ellipse of radii
   * (rx generations, ry slots), or null.
   */
  nodeAt(x: number, y: number, rx = 0.5, ry = 0.5): number | null {
    this.update();
    this.grid ??= new SpatialGrid(this.xArray, this.yArray, this.n);
    const i = this.grid.nearest(x, y, rx, ry, this.filterNow === 'all' ? undefined : this.shownArray);
    return i < 0 ? null : this.ids[i];
  }

  bounds(): { minX: number; maxX: number; minY: number; maxY: number } {
    this.update();
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (let i = 0; i < this.n; i++) {
      minX = Math.min(minX, this.xArray[i]);
      maxX = Math.max(maxX, this.xArray[i]);
      minY = Math.min(minY, this.yArray[i]);
      maxY = Math.max(maxY, this.yArray[i]);
    }
    return this.n ? { minX, maxX, minY, maxY } : { minX: 0, maxX: 0, minY: 0, maxY: 0 };
  }

  private touch(): void {
    this.dirtyFlag = true;
    this.grid = null;
  }

  private add(row: IndividualRow): void {
    if (!Number.isInteger(row.born) || row.born < 0) {
      throw new RangeError(`LineageLayout.upsert: expected individual ${row.id} to have an integer birth generation ≥ 0, got ${row.born}`);
    }
    if (this.n === this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    const i = this.n++;
    this.indexById.set(row.id, i);
    this.rows.push(row);
    this.ids[i] = row.id;
    this.parentIds[i] = row.parent ?? NaN;
    this.parentIndexArray[i] = -1;
    if (row.parent !== null) {
      const p = this.indexById.get(row.parent);
      if (p === undefined) this.orphans.push(i);
      else this.parentIndexArray[i] = p;
    }
    this.bornArray[i] = row.born;
    this.diedArray[i] = row.died ?? ALIVE;
    this.accuracyArray[i] = row.accuracy ?? NaN;
    this.lsrArray[i] = row.lsr ?? NaN;
    let bucket = this.buckets.get(row.born);
    if (!bucket) {
      bucket = [];
      this.buckets.set(row.born, bucket);
      this.insertGeneration(row.born);
    }
    bucket.push(i);
    this.placeFrom = Math.min(this.placeFrom, row.born);
    this.flagsStale = true;
    this.styleStale = true;
  }

  private merge(i: number, row: IndividualRow): void {
    const old = this.rows[i];
    // A metrics update may omit fields it does not know (null): keep what we had.
    const merged: IndividualRow = {
      ...old,
      died: row.died ?? old.died,
      accuracy: row.accuracy ?? old.accuracy,
      lsr: row.lsr ?? old.lsr,
      srq: row.srq ?? old.srq,
      corr: row.corr ?? old.corr,
      meanAbsTheta: row.meanAbsTheta ?? old.meanAbsTheta,
      r2: row.r2 ?? old.r2,
      rmsTheta: row.rmsTheta ?? old.rmsTheta,
      bits: row.bits ?? old.bits,
      innateAccuracy: row.innateAccuracy ?? old.innateAccuracy ?? null,
      transmissionR2: row.transmissionR2 ?? old.transmissionR2 ?? null,
      sigma: row.sigma ?? old.sigma,
    };
    this.rows[i] = merged;
    this.diedArray[i] = merged.died ?? ALIVE;
    this.accuracyArray[i] = merged.accuracy ?? NaN;
    this.lsrArray[i] = merged.lsr ?? NaN;
    this.flagsStale = true;
    this.styleStale = true;
  }

  private insertGeneration(g: number): void {
    const list = this.generationsSorted;
    if (!list.length || g > list[list.length - 1]) {
      list.push(g);
      return;
    }
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < g) lo = mid + 1;
      else hi = mid;
    }
    list.splice(lo, 0, g);
  }

  private resolveOrphans(): void {
    const still: number[] = [];
    for (const i of this.orphans) {
      const p = this.indexById.get(this.parentIds[i]);
      if (p === undefined) {
        still.push(i);
        continue;
      }
      this.parentIndexArray[i] = p;
      this.placeFrom = Math.min(this.placeFrom, this.bornArray[i]);
      this.flagsStale = true;
    }
    this.orphans = still;
  }

  /** Re-places every generation from `placeFrom` on, each from the ones before it. */
  private place(): void {
    const from = this.placeFrom;
    this.placeFrom = Infinity;
    let maxY = -Infinity;
    for (const g of this.generationsSorted) {
      if (g >= from) break;
      for (const i of this.buckets.get(g)!) maxY = Math.max(maxY, this.yArray[i]);
    }
    for (const g of this.generationsSorted) {
      if (g < from) continue;
      maxY = Math.max(maxY, this.placeGeneration(g, maxY));
    }
    this.touch();
  }

  /**
   * Siblings sit round their parent's y in arrival order; founders (and nodes whose
   * parent is unknown) stack below everything placed so far. Families are ordered by
   * their parent's y and kept contiguous, then the generation is compacted so
   * neighbours are at least one slot apart. Returns the largest y.
   */
  private placeGeneration(g: number, maxYBefore: number): number {
    const nodes = this.buckets.get(g)!;
    const k = nodes.length;
    const desired = new Float64Array(k);
    /** Where the node's family is anchored: the parent's y, or the founder's own slot. */
    const anchor = new Float64Array(k);
    const family = new Int32Array(k);
    const familySize = new Map<number, number>();
    for (const i of nodes) {
      const p = this.placedParent(i, g);
      if (p >= 0) familySize.set(p, (familySize.get(p) ?? 0) + 1);
    }
    const familyRank = new Map<number, number>();
    const rootBase = maxYBefore === -Infinity ? 0 : maxYBefore + 1;
    let roots = 0;
    for (let j = 0; j < k; j++) {
      const i = nodes[j];
      const p = this.placedParent(i, g);
      family[j] = p;
      if (p < 0) {
        desired[j] = anchor[j] = rootBase + roots++;
        continue;
      }
      const rank = familyRank.get(p) ?? 0;
      familyRank.set(p, rank + 1);
      anchor[j] = this.yArray[p];
      desired[j] = anchor[j] + rank - (familySize.get(p)! - 1) / 2;
    }
    const order = Array.from({ length: k }, (_, j) => j)
      .sort((a, b) => anchor[a] - anchor[b] || family[a] - family[b] || nodes[a] - nodes[b]);
    const placed = compactPlacement(Float64Array.from(order, (j) => desired[j]), 1);
    let maxY = -Infinity;
    for (let r = 0; r < k; r++) {
      const i = nodes[order[r]];
      this.xArray[i] = g;
      this.yArray[i] = placed[r];
      maxY = Math.max(maxY, placed[r]);
    }
    return maxY;
  }

  /** The parent's index when it was born in an earlier generation (so it is placed), else -1. */
  private placedParent(i: number, g: number): number {
    const p = this.parentIndexArray[i];
    return p >= 0 && this.bornArray[p] < g ? p : -1;
  }

  /** A lineage lives while any descendant lives: sweep from the youngest generation back. */
  private propagateLineAlive(): void {
    this.flagsStale = false;
    this.styleStale = true;
    this.livingCount = 0;
    for (let i = 0; i < this.n; i++) {
      this.lineAliveArray[i] = this.diedArray[i] === ALIVE ? 1 : 0;
      this.livingCount += this.lineAliveArray[i];
    }
    for (let i = 0; i < this.n; i++) this.livingBelowArray[i] = this.lineAliveArray[i];
    for (let gi = this.generationsSorted.length - 1; gi >= 0; gi--) {
      const bucket = this.buckets.get(this.generationsSorted[gi])!;
      for (let b = bucket.length - 1; b >= 0; b--) {
        const i = bucket[b];
        const p = this.parentIndexArray[i];
        if (p < 0) continue;
        if (this.lineAliveArray[i]) this.lineAliveArray[p] = 1;
        this.livingBelowArray[p] += this.livingBelowArray[i];
      }
    }
    // The MRCA: the youngest node every living individual descends from (itself counted).
    this.mrcaIndex = -1;
    if (this.livingCount > 0) {
      for (let i = 0; i < this.n; i++) {
        if (this.livingBelowArray[i] === this.livingCount && (this.mrcaIndex < 0 || this.bornArray[i] > this.bornArray[this.mrcaIndex])) this.mrcaIndex = i;
      }
    }
    this.touch();
  }

  private computeStyle(): void {
    this.styleStale = false;
    this.accuracyRange = observedRange(this.accuracyArray, this.n, (v) => v, 0.02);
    const metric = this.colourMetricNow;
    const values = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) values[i] = metric.value(this.rows[i]);
    this.colourRange = percentileDomain(values, this.n, metric.minWidth);
    // Size on the same robust scale as colour: min..max let one founder's L_SR of 10⁴ set the legend to "−36.6 → −0.326".
    const sizeMetric = this.sizeMetricNow;
    const sizes = metric === sizeMetric ? values : new Float64Array(this.n);
    if (sizes !== values) for (let i = 0; i < this.n; i++) sizes[i] = sizeMetric.value(this.rows[i]);
    this.fidelityRange = percentileDomain(sizes, this.n, sizeMetric.minWidth);
    const [c0, c1] = this.colourRange;
    const [f0, f1] = this.fidelityRange;
    const survivorsOnly = this.filterNow === 'survivors';
    for (let i = 0; i < this.n; i++) {
      this.colourArray[i] = viridis((values[i] - c0) / (c1 - c0));
      const f = (sizes[i] - f0) / (f1 - f0);
      this.sizeArray[i] = Number.isNaN(f) ? 0 : Math.max(0, Math.min(1, f));
      this.alphaArray[i] = this.lineAliveArray[i] ? 1 : EXTINCT_ALPHA;
      this.shownArray[i] = survivorsOnly && !this.lineAliveArray[i] ? 0 : 1;
    }
    this.touch();
  }

  private grow(capacity: number): void {
    const resize = <T extends Float64Array | Float32Array | Int32Array | Uint8Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.ids = resize(this.ids, (c) => new Float64Array(c));
    this.parentIds = resize(this.parentIds, (c) => new Float64Array(c));
    this.parentIndexArray = resize(this.parentIndexArray, (c) => new Int32Array(c));
    this.bornArray = resize(this.bornArray, (c) => new Int32Array(c));
    this.diedArray = resize(this.diedArray, (c) => new Int32Array(c));
    this.accuracyArray = resize(this.accuracyArray, (c) => new Float64Array(c));
    this.lsrArray = resize(this.lsrArray, (c) => new Float64Array(c));
    this.xArray = resize(this.xArray, (c) => new Float32Array(c));
    this.yArray = resize(this.yArray, (c) => new Float32Array(c));
    this.lineAliveArray = resize(this.lineAliveArray, (c) => new Uint8Array(c));
    this.colourArray = resize(this.colourArray, (c) => new Uint32Array(c));
    this.sizeArray = resize(this.sizeArray, (c) => new Float32Array(c));
    this.alphaArray = resize(this.alphaArray, (c) => new Float32Array(c));
    this.shownArray = resize(this.shownArray, (c) => new Uint8Array(c));
    this.livingBelowArray = resize(this.livingBelowArray, (c) => new Int32Array(c));
    this.capacity = capacity;
  }
}

/** min..max of the finite transformed values, widened to at least `minWidth` round its centre. */
function observedRange(values: Float64Array, n: number, transform: (v: number) => number, minWidth: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = transform(values[i]);
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (hi - lo < minWidth) {
    const centre = (lo + hi) / 2;
    return [centre - minWidth / 2, centre + minWidth / 2];
  }
  return [lo, hi];
}
