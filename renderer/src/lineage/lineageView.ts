// Pixi compiles shader and particle upload code with `new Function` unless this polyfill
// is loaded; the page's CSP forbids eval, so it must come before any renderer is made.
import 'pixi.js/unsafe-eval';
import { Application, BufferImageSource, Container, Geometry, Mesh, RenderTexture, Shader, Sprite, Texture, type WebGLRenderer } from 'pixi.js';
import type { LineageLayout } from './lineageLayout';
import { LineageMeshes } from './lineageMeshes';
import { LOD_PRIMITIVES, rasteriseLineage } from './lineageRaster';
import { CACHE_SHADER } from './lineageShaders';
import { AXIS_HEIGHT, drawHighlights, drawLegend, drawTimeAxis, generationTicks, LEGEND_SIZE } from './lineageOverlay';
import { chartTheme } from '../charts/chartTheme';
import { fitTransform, panBy, toLayout, toScreen, zoomAround, type ViewTransform } from './viewTransform';

export interface LineageViewCallbacks {
  /** The node under the pointer changed (null: none); client coordinates for a tooltip. */
  onHover?(id: number | null, clientX: number, clientY: number): void;
  /** A node was clicked (null: empty space). */
  onSelect?(id: number | null): void;
  /** Following the live run was turned on or off (by the user panning, zooming or fitting). */
  onFollowChange?(follow: boolean): void;
}

/** Pixels the pointer may move between press and release and still count as a click. */
const CLICK_SLOP = 4;

/**
 * CSS pixels the pan cache reaches beyond each edge of the view: a drag of up to
 * this much from where the cache was drawn costs one textured quad; beyond it the
 * cache is redrawn around the new position.
 */
const PAN_MARGIN = 256;

/**
 * Fewest primitives in view for panning through the cache. Copying the cache costs
 * SwiftShader about as much as drawing 8,000 primitives afresh (6–8 ms at
 * 1280×800), so a smaller lineage is cheaper drawn straight to the screen.
 */
const PAN_CACHE_MIN_PRIMITIVES = 8000;

/** Milliseconds the zoom must rest before the stretched level-of-detail raster is redrawn sharp. */
const RASTER_REST_MS = 150;

/** Where the pan cache was drawn: the transform's translation, at the zoom it holds. */
interface PanCache { zx: number; zy: number; tx: number; ty: number }

/**
 * Draws a LineageLayout with Pixi (WebGL): edges as lines and nodes as point
 * sprites, in chunks of neighbouring generations, whose shaders size discs in
 * screen pixels. Zooming changes only uniforms and which chunks are drawn (those in
 * view); buffers are rebuilt when the layout is dirty. Panning at a steady zoom
 * draws the lineage once into a cache texture larger than the view and then only
 * moves that texture, by whole device pixels, so the picture is the same as drawn
 * afresh. Under SwiftShader, where every primitive costs about a microsecond, this
 * keeps a 10,000-node view interactive. Frames are drawn on demand, never by a
 * free-running ticker, and the WebGL scene is redrawn only when the camera, the
 * size or the layout changed. The time axis, highlights and legend are small 2D
 * canvases over the WebGL canvas.
 */
export class LineageView {
  private readonly meshes = new LineageMeshes();
  /** Vertical lines at round generations, in screen space under the lineage: 1-pixel sprites, moved rather than rebuilt. */
  private readonly grid = new Container();
  /** Shows the pan cache; hidden while the lineage is drawn straight to the screen. */
  private readonly cacheQuad = new Mesh({
    geometry: new Geometry({
      attributes: { aPosition: new Float32Array(8), aUV: new Float32Array([0, 0, 1, 0, 1, 1, 0, 1]) },
      indexBuffer: new Uint32Array([0, 1, 2, 0, 2, 3]),
    }),
    shader: Shader.from({ gl: CACHE_SHADER, resources: { uTexture: Texture.EMPTY.source } }),
  });
  private cacheTexture: RenderTexture | null = null;
  /** The level-of-detail raster of the whole lineage (see lineageRaster.ts), shown only when the view holds too much to draw. */
  private readonly lodSprite = new Sprite();
  private lodBuffers: { source: BufferImageSource; pixels: Uint8Array; counts: Uint16Array } | null = null;
  /** Where the raster was drawn (like the pan cache, PAN_MARGIN wider on every side): panning at a steady zoom only moves it. */
  private rasterAt: PanCache & { width: number; height: number } | null = null;
  /** Whether the last frame drew the lineage as the raster. */
  private aggregated = false;
  /** Primitives the last frame drew one by one (nodes and segments), for the benchmark. */
  lastPrimitives = 0;
  /** Times the level-of-detail raster was drawn (panning reuses it), for the benchmark. */
  rasterDraws = 0;
  /** Set when a resting zoom asks for a fresh raster instead of the stretched one. */
  private rasterNow = false;
  private rasterTimer: ReturnType<typeof setTimeout> | null = null;
  /** Null when the cache is stale (layout changed, zooming, resized). */
  private cache: PanCache | null = null;
  /** What the WebGL canvas shows now, to skip redrawing it for hover and selection alone. */
  private drawnScene = '';
  /** The zoom of the last frame: a frame at another zoom draws straight to the screen. */
  private lastZoom = { zx: NaN, zy: NaN };
  /** The time-axis strip along the bottom. */
  private readonly axis = document.createElement('canvas');
  private readonly over = document.createElement('canvas');
  private readonly legend = document.createElement('canvas');
  /** Shown instead of the legend while there is nothing to draw. */
  private readonly emptyHint = document.createElement('p');
  /** What the 2D layers show now, to skip redrawing them when nothing changed. */
  private drawn = { camera: '', highlights: '', legend: false, aggregated: false };
  /** Set when the layout object was swapped: its arrays must be uploaded even if it reads clean. */
  private needsRebuild = false;
  private transformValue: ViewTransform = { zx: 10, zy: 10, tx: 40, ty: 40 };
  /** Follow the growing lineage (refit on changes) until the user pans or zooms. */
  private follow = true;
  /** The generation cursor shared with the charts (a vertical line), or null. */
  private cursor: number | null = null;
  /** Ring the most recent common ancestor of the living. */
  private showMrca = false;
  private frameRequested = false;
  private selected: number | null = null;
  private hovered: number | null = null;
  private drag: { x: number; y: number; moved: boolean } | null = null;
  private readonly resizeObserver: ResizeObserver;
  private width = 1;
  private height = 1;
  /** Milliseconds of the last frame's work (layout sync, buffers, GPU submit, overlays). */
  lastFrameMs = 0;
  /** Frames drawn so far, the nodes the last one drew and when it ended (performance.now()): what benchmarks and tests wait on. */
  framesDrawn = 0;
  drawnNodes = 0;
  lastFrameAt = 0;

  static async create(host: HTMLElement, layout: LineageLayout, callbacks: LineageViewCallbacks = {}): Promise<LineageView> {
    const app = new Application();
    await app.init({
      preference: 'webgl',
      // The canvas keeps its picture across frames that redraw only the 2D overlays.
      preserveDrawingBuffer: true,
      // Opaque, in the host's colour: the compositor then need not blend the canvas.
      background: chartTheme.background,
      backgroundAlpha: 1,
      // No MSAA: discs are smoothed by their shader, edges are 1-pixel lines, and
      // multisampling doubles the cost of every frame under SwiftShader.
      antialias: false,
      autoStart: false,
      width: Math.max(1, host.clientWidth),
      height: Math.max(1, host.clientHeight),
      resolution: window.devicePixelRatio || 1,
      autoDensity: true,
    });
    return new LineageView(host, app, layout, callbacks);
  }

  private constructor(private readonly host: HTMLElement, private readonly app: Application, private layoutValue: LineageLayout, private readonly callbacks: LineageViewCallbacks) {
    // The lineage itself is not on the stage: drawScene renders it into the cache or over the stage.
    this.cacheQuad.visible = false;
    this.lodSprite.visible = false;
    app.stage.addChild(this.grid, this.lodSprite, this.cacheQuad);
    for (const [canvas, name] of [[app.canvas, 'lineage-gl'], [this.axis, 'lineage-axis'], [this.over, 'lineage-overlay']] as const) {
      canvas.className = `lineage-layer ${name}`;
      host.appendChild(canvas);
    }
    this.legend.className = 'lineage-legend';
    this.emptyHint.className = 'lineage-empty';
    this.emptyHint.textContent = 'The lineage grows here: pick a preset and press Start, or open a stored run.';
    host.append(this.legend, this.emptyHint);
    this.over.tabIndex = 0;
    this.over.setAttribute('aria-label', 'Lineage view: drag to pan, wheel to zoom (shift: time axis only), double-click to fit, click a node to inspect it');
    this.attachPointer();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(host);
    this.resize();
  }

  get layout(): LineageLayout { return this.layoutValue; }
  get transform(): ViewTransform { return this.transformValue; }
  get canvas(): HTMLCanvasElement { return this.app.canvas; }

  /** Shows another layout (a replayed run); the view refits. */
  setLayout(layout: LineageLayout): void {
    this.layoutValue = layout;
    this.selected = this.hovered = null;
    if (!this.follow) {
      this.follow = true;
      this.callbacks.onFollowChange?.(true);
    }
    this.needsRebuild = true;
    this.requestRender();
  }

  setTransform(t: ViewTransform, follow = false): void {
    this.transformValue = t;
    this.setFollow(follow);
    this.requestRender();
  }

  /** Fits the whole lineage and follows it as it grows. */
  fit(): void {
    this.setFollow(true);
    this.transformValue = this.fittedTransform();
    this.requestRender();
  }

  /**
   * Follow the live run: refit the view as the lineage grows. Off, the view holds still
   * (the user's pan and zoom turn it off); on, it refits at once. Even while following,
   * the view holds while the pointer is on a node or the inspector is open, so the node
   * being read never moves from under the pointer.
   */
  setFollow(follow: boolean): void {
    if (follow === this.follow) return;
    this.follow = follow;
    if (follow) {
      this.transformValue = this.fittedTransform();
      this.requestRender();
    }
    this.callbacks.onFollowChange?.(follow);
  }
  get following(): boolean { return this.follow; }

  /** Marks a generation with a vertical line (the charts' cursor), or none. */
  setCursor(generation: number | null): void {
    if (generation === this.cursor) return;
    this.cursor = generation;
    this.requestRender();
  }

  /** Rings the living's most recent common ancestor (when there is one). */
  setShowMrca(show: boolean): void {
    this.showMrca = show;
    this.requestRender();
  }

  /** Whether the last frame drew the extinct lineages as the level-of-detail raster. */
  get levelOfDetail(): boolean { return this.aggregated; }

  /** Brings generation g into view at the current zoom (keyboard ←/→ past the edge). */
  reveal(generation: number): void {
    const x = toScreen(this.transformValue, generation, 0).x;
    if (x >= 20 && x <= this.width - 20) return;
    this.setTransform({ ...this.transformValue, tx: this.transformValue.tx + this.width / 2 - x });
  }

  select(id: number | null): void {
    this.selected = id;
    this.requestRender();
  }

  /** Blocks until the GPU has drawn the submitted frame, so a benchmark times whole frames. */
  finishGpu(): void {
    // readPixels, not finish(): Chrome's finish() does not wait for the GPU process.
    const gl = (this.app.renderer as WebGLRenderer).gl;
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  }

  /** The GPU's name as WebGL reports it (SwiftShader, a real card), for benchmark reports. */
  gpuName(): string {
    const gl = (this.app.renderer as WebGLRenderer).gl;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  }

  /** Page (CSS pixel) position of a node's centre, or null when unknown. */
  screenPosition(id: number): { x: number; y: number } | null {
    // A pending layout change may refit the view; draw it first so the answer is current.
    if (this.layoutValue.dirty) this.renderNow();
    const p = this.layoutValue.position(id);
    if (!p) return null;
    const s = toScreen(this.transformValue, p.x, p.y);
    const box = this.over.getBoundingClientRect();
    return { x: box.left + s.x, y: box.top + s.y };
  }

  requestRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.renderNow();
    });
  }

  /** Draws one frame now; returns its duration in ms (the benchmark times this). */
  renderNow(): number {
    const t0 = performance.now();
    const layout = this.layoutValue;
    layout.update();
    const layoutChanged = layout.dirty || this.needsRebuild;
    if (layoutChanged) {
      this.needsRebuild = false;
      // Hold still under the pointer and while a node is inspected (see setFollow).
      if (this.follow && this.hovered === null && this.selected === null) this.transformValue = this.fittedTransform();
      this.meshes.update(layout);
      layout.markDrawn();
    }
    const t = this.transformValue;
    const scene = `${t.zx} ${t.zy} ${t.tx} ${t.ty} ${this.width} ${this.height}`;
    if (layoutChanged || scene !== this.drawnScene) {
      this.drawScene(t, layoutChanged);
      this.drawnScene = scene;
    }
    this.drawOverlays(layoutChanged);
    this.lastFrameAt = performance.now();
    this.lastFrameMs = this.lastFrameAt - t0;
    this.framesDrawn++;
    this.drawnNodes = layout.count;
    return this.lastFrameMs;
  }

  /** The layers composed into one PNG: background, lineage, time axis, highlights, legend. */
  async exportPng(): Promise<Blob> {
    this.renderNow();
    const out = document.createElement('canvas');
    out.width = this.app.canvas.width;
    out.height = this.app.canvas.height;
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error('exportPng: no 2D context to compose the picture');
    ctx.fillStyle = chartTheme.background;
    ctx.fillRect(0, 0, out.width, out.height);
    const hostBox = this.host.getBoundingClientRect();
    const scale = out.width / Math.max(1, hostBox.width);
    for (const layer of [this.app.canvas, this.axis, this.over, this.legend]) {
      const box = layer.getBoundingClientRect();
      ctx.drawImage(layer, (box.left - hostBox.left) * scale, (box.top - hostBox.top) * scale, box.width * scale, box.height * scale);
    }
    return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('exportPng: the browser could not encode the PNG'))), 'image/png'));
  }

  destroy(): void {
    this.resizeObserver.disconnect();
    this.meshes.destroy();
    this.lodBuffers?.source.destroy();
    if (this.rasterTimer !== null) clearTimeout(this.rasterTimer);
    this.cacheTexture?.destroy(true);
    this.app.destroy(true, { children: true });
    this.axis.remove();
    this.over.remove();
    this.legend.remove();
    this.emptyHint.remove();
  }

  private fittedTransform(): ViewTransform {
    const b = this.layoutValue.bounds();
    // The toolbar and banner sit above the view; the bottom margin clears the time axis.
    return fitTransform(b, { x: 28, y: 18, width: Math.max(1, this.width - 56), height: Math.max(1, this.height - AXIS_HEIGHT - 36) });
  }

  /**
   * Draws the WebGL picture: grid, then the lineage — from the pan cache when the
   * zoom and the layout are those of the previous frame and the view holds enough
   * to be worth caching, otherwise straight to the screen, because while zooming
   * the cache would be redrawn every frame, and it is larger than the view.
   */
  private drawScene(t: ViewTransform, layoutChanged: boolean): void {
    const renderer = this.app.renderer;
    this.placeGrid(t);
    const steady = !layoutChanged && t.zx === this.lastZoom.zx && t.zy === this.lastZoom.zy;
    this.lastZoom = { zx: t.zx, zy: t.zy };
    const camera = { transform: t, visible: this.layoutBox(t, 0, 0, this.width, this.height), baseRadius: this.baseRadius(), pixelRatio: renderer.resolution };
    const inView = this.meshes.setCamera(camera);
    // Too much to draw one by one: the lineage becomes one raster (extinct lineages as a density).
    this.aggregated = inView.drawn > LOD_PRIMITIVES;
    if (this.aggregated) {
      this.meshes.setCamera({ ...camera, omitAll: true });
      const r = this.rasterAt;
      const sx = r ? t.zx / r.zx : 1, sy = r ? t.zy / r.zy : 1;
      // While the wheel turns, the last raster is stretched (up to ×2 either way) and a fresh one
      // is drawn once the zoom has rested RASTER_REST_MS: a new raster each frame costs ~6 empty frames.
      const scaled = sx !== 1 || sy !== 1;
      const zooming = r !== null && scaled && sx >= 0.5 && sx <= 2 && sy >= 0.5 && sy <= 2 && !this.rasterNow;
      if (layoutChanged || !r || r.width !== this.width || r.height !== this.height || (scaled && !zooming)
        || (!scaled && (Math.abs(t.tx - r.tx) > PAN_MARGIN || Math.abs(t.ty - r.ty) > PAN_MARGIN))) {
        this.drawRaster(t);
        this.lodSprite.scale.set(1, 1);
        const step = (d: number) => Math.round(d * renderer.resolution) / renderer.resolution;
        this.lodSprite.position.set(step(t.tx - this.rasterAt!.tx) - PAN_MARGIN, step(t.ty - this.rasterAt!.ty) - PAN_MARGIN);
      } else if (zooming) {
        // A layout point at raster pixel (x·r.zx + r.tx + M) must land on screen at x·t.zx + t.tx.
        this.lodSprite.scale.set(sx, sy);
        this.lodSprite.position.set(t.tx - sx * (r.tx + PAN_MARGIN), t.ty - sy * (r.ty + PAN_MARGIN));
        this.scheduleRaster();
      } else {
        const step = (d: number) => Math.round(d * renderer.resolution) / renderer.resolution;
        this.lodSprite.scale.set(1, 1);
        this.lodSprite.position.set(step(t.tx - r.tx) - PAN_MARGIN, step(t.ty - r.ty) - PAN_MARGIN);
      }
      this.rasterNow = false;
    } else {
      this.rasterAt = null;
    }
    this.lodSprite.visible = this.aggregated;
    this.lastPrimitives = this.aggregated ? 0 : inView.drawn;
    if (this.aggregated || !steady || inView.drawn < PAN_CACHE_MIN_PRIMITIVES) {
      this.cache = null;
      this.cacheQuad.visible = false;
      this.app.render();
      renderer.render({ container: this.meshes.root, clear: false });
      return;
    }
    const c = this.cache;
    if (!c || c.zx !== t.zx || c.zy !== t.zy || Math.abs(t.tx - c.tx) > PAN_MARGIN || Math.abs(t.ty - c.ty) > PAN_MARGIN) this.drawCache(t);
    const cache = this.cache!;
    // Whole device pixels, so the cached picture is copied, not resampled.
    const step = (d: number) => Math.round(d * renderer.resolution) / renderer.resolution;
    this.cacheQuad.position.set(step(t.tx - cache.tx) - PAN_MARGIN, step(t.ty - cache.ty) - PAN_MARGIN);
    this.cacheQuad.visible = true;
    this.app.render();
  }

  /** Draws a fresh raster once the zoom has rested (each new zoom step restarts the wait). */
  private scheduleRaster(): void {
    if (this.rasterTimer !== null) clearTimeout(this.rasterTimer);
    this.rasterTimer = setTimeout(() => {
      this.rasterTimer = null;
      this.rasterNow = true;
      this.drawnScene = '';
      this.requestRender();
    }, RASTER_REST_MS);
  }

  /** Rasterises the lineage around the view (PAN_MARGIN wider on every side) into device pixels, shown as one sprite. */
  private drawRaster(t: ViewTransform): void {
    const ratio = this.app.renderer.resolution;
    const w = Math.max(1, Math.round((this.width + 2 * PAN_MARGIN) * ratio)), hgt = Math.max(1, Math.round((this.height - AXIS_HEIGHT + 2 * PAN_MARGIN) * ratio));
    let b = this.lodBuffers;
    if (!b || b.source.pixelWidth !== w || b.source.pixelHeight !== hgt) {
      b?.source.destroy();
      const pixels = new Uint8Array(4 * w * hgt);
      const source = new BufferImageSource({ resource: pixels, width: w, height: hgt, resolution: ratio, format: 'rgba8unorm', alphaMode: 'premultiplied-alpha', scaleMode: 'nearest' });
      b = this.lodBuffers = { source, pixels, counts: new Uint16Array(w * hgt) };
      this.lodSprite.texture = new Texture({ source });
    }
    rasteriseLineage(this.meshes.raster, { ...t, tx: t.tx + PAN_MARGIN, ty: t.ty + PAN_MARGIN }, ratio, w, hgt, b.pixels, b.counts);
    b.source.update();
    this.rasterAt = { zx: t.zx, zy: t.zy, tx: t.tx, ty: t.ty, width: this.width, height: this.height };
    this.rasterDraws++;
  }

  /** Draws the lineage around the view, PAN_MARGIN wider on every side, into the cache texture. */
  private drawCache(t: ViewTransform): void {
    const renderer = this.app.renderer;
    const width = this.width + 2 * PAN_MARGIN, height = this.height + 2 * PAN_MARGIN;
    const old = this.cacheTexture;
    if (!old || old.width !== width || old.height !== height || old.source.resolution !== renderer.resolution) {
      old?.destroy(true);
      this.cacheTexture = RenderTexture.create({ width, height, resolution: renderer.resolution, scaleMode: 'nearest' });
      this.cacheQuad.shader!.resources.uTexture = this.cacheTexture.source;
      this.cacheQuad.geometry.getBuffer('aPosition').data = new Float32Array([0, 0, width, 0, width, height, 0, height]);
    }
    const shifted = { ...t, tx: t.tx + PAN_MARGIN, ty: t.ty + PAN_MARGIN };
    this.meshes.setCamera({ transform: shifted, visible: this.layoutBox(t, -PAN_MARGIN, -PAN_MARGIN, this.width + PAN_MARGIN, this.height + PAN_MARGIN), baseRadius: this.baseRadius(), pixelRatio: renderer.resolution });
    renderer.render({ container: this.meshes.root, target: this.cacheTexture!, clear: true, clearColor: [0, 0, 0, 0] });
    this.cache = { zx: t.zx, zy: t.zy, tx: t.tx, ty: t.ty };
  }

  /** The layout-space box shown between two screen points. */
  private layoutBox(t: ViewTransform, x0: number, y0: number, x1: number, y1: number): { minX: number; maxX: number; minY: number; maxY: number } {
    const a = toLayout(t, x0, y0), b = toLayout(t, x1, y1);
    return { minX: a.x, maxX: b.x, minY: a.y, maxY: b.y };
  }

  /** Puts a grid line at each round generation in view, reusing the sprites of the last frame. */
  private placeGrid(t: ViewTransform): void {
    const ticks = generationTicks(t, this.width);
    while (this.grid.children.length < ticks.length) this.grid.addChild(new Sprite({ texture: Texture.WHITE, tint: 0x94a3b8, alpha: 0.12 }));
    this.grid.children.forEach((line, k) => {
      line.visible = k < ticks.length;
      if (!line.visible) return;
      line.position.set(Math.round(toScreen(t, ticks[k], 0).x), 0);
      line.width = 1;
      line.height = Math.max(0, this.height - AXIS_HEIGHT);
    });
  }

  /** Disc radius in pixels of the least faithful replicator: about half a slot, within readable limits. */
  private baseRadius(): number {
    const t = this.transformValue;
    return Math.max(1.6, Math.min(6, 0.42 * Math.min(t.zx, t.zy)));
  }

  /** Screen radius of node i (the node shader's formula). */
  private radius(i: number): number {
    return this.baseRadius() * (0.65 + 0.6 * this.layoutValue.size[i]);
  }

  /**
   * The 2D layers are redrawn only when what they show changed — the axis strip
   * and grid when the camera moves, the highlights when the camera, selection or
   * hover do and something is highlighted, the legend when the layout changes —
   * because each changed canvas costs an upload to the compositor. Software 2D
   * contexts (willReadFrequently) keep the drawing itself off the GPU process,
   * which SwiftShader makes the scarce resource.
   */
  private drawOverlays(layoutChanged: boolean): void {
    const ratio = window.devicePixelRatio || 1;
    const layout = this.layoutValue;
    const t = this.transformValue;
    const w = Math.round(this.width * ratio);
    const overResized = fitCanvas(this.over, w, Math.round(this.height * ratio));
    const axisResized = fitCanvas(this.axis, w, Math.round(AXIS_HEIGHT * ratio));
    const resized = overResized || axisResized;
    const camera = `${t.zx} ${t.zy} ${t.tx} ${t.ty} ${this.width} ${this.height}`;
    if (resized || camera !== this.drawn.camera) {
      const axis = context2d(this.axis);
      axis.setTransform(ratio, 0, 0, ratio, 0, 0);
      drawTimeAxis(axis, this.width, t);
    }
    const mrca = this.showMrca ? layout.mrca : null;
    const anything = this.selected !== null || this.hovered !== null || this.cursor !== null || mrca !== null;
    const highlights = anything ? `${camera} ${this.selected} ${this.hovered} ${this.cursor} ${mrca}` : 'none';
    if (resized || (anything && layoutChanged) || highlights !== this.drawn.highlights) {
      const over = context2d(this.over);
      over.setTransform(ratio, 0, 0, ratio, 0, 0);
      const marker = (id: number | null) => {
        if (id === null) return null;
        const i = layout.indexOf(id);
        if (i < 0) return null;
        return { ...toScreen(t, layout.x[i], layout.y[i]), r: this.radius(i) };
      };
      const ancestry = this.selected === null ? [] : layout.ancestry(this.selected).map((id) => marker(id)!);
      const mrcaMark = marker(mrca);
      drawHighlights(over, this.width, this.height - AXIS_HEIGHT, {
        ancestry, selected: marker(this.selected), hovered: marker(this.hovered),
        cursor: this.cursor === null ? null : { x: toScreen(t, this.cursor, 0).x, generation: this.cursor },
        mrca: mrcaMark && mrca !== null ? { ...mrcaMark, label: `MRCA #${mrca} · gen ${layout.row(mrca)?.born ?? '?'}` } : null,
      });
    }
    // Assigned only on a change, so that frames which change nothing here leave the DOM alone.
    if (this.legend.hidden !== (layout.count === 0)) this.legend.hidden = layout.count === 0;
    if (this.emptyHint.hidden !== layout.count > 0) this.emptyHint.hidden = layout.count > 0;
    if (layoutChanged || !this.drawn.legend || this.aggregated !== this.drawn.aggregated) {
      const ctx = context2d(this.legend);
      fitCanvas(this.legend, Math.round(LEGEND_SIZE.width * ratio), Math.round(LEGEND_SIZE.height * ratio));
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      drawLegend(ctx, {
        colourLabel: layout.colourBy.label, colourDomain: layout.colourDomain, sizeLabel: layout.sizeBy.label, sizeDomain: layout.sizeDomain,
        nodes: layout.count, living: layout.living, survivorsOnly: layout.filter === 'survivors', aggregated: this.aggregated,
      });
    }
    this.drawn = { camera, highlights, legend: true, aggregated: this.aggregated };
  }

  private resize(): void {
    this.width = Math.max(1, this.host.clientWidth);
    this.height = Math.max(1, this.host.clientHeight);
    this.app.renderer.resize(this.width, this.height);
    this.cache = null;
    if (this.follow) this.transformValue = this.fittedTransform();
    this.requestRender();
  }

  private nodeUnder(clientX: number, clientY: number): number | null {
    const box = this.over.getBoundingClientRect();
    const t = this.transformValue;
    const p = toLayout(t, clientX - box.left, clientY - box.top);
    const reach = this.baseRadius() * 1.25 + 3;
    return this.layoutValue.nodeAt(p.x, p.y, reach / t.zx, reach / t.zy);
  }

  private attachPointer(): void {
    const el = this.over;
    el.addEventListener('pointerdown', (e) => {
      el.setPointerCapture(e.pointerId);
      this.drag = { x: e.clientX, y: e.clientY, moved: false };
    });
    el.addEventListener('pointermove', (e) => {
      if (this.drag) {
        const dx = e.clientX - this.drag.x, dy = e.clientY - this.drag.y;
        if (this.drag.moved || Math.hypot(dx, dy) > CLICK_SLOP) {
          this.drag = { x: e.clientX, y: e.clientY, moved: true };
          this.setTransform(panBy(this.transformValue, dx, dy));
          el.style.cursor = 'grabbing';
        }
        return;
      }
      const id = this.nodeUnder(e.clientX, e.clientY);
      el.style.cursor = id === null ? 'grab' : 'pointer';
      if (id !== this.hovered) {
        this.hovered = id;
        this.requestRender();
      }
      this.callbacks.onHover?.(id, e.clientX, e.clientY);
    });
    el.addEventListener('pointerup', (e) => {
      const drag = this.drag;
      this.drag = null;
      el.style.cursor = 'grab';
      if (drag && !drag.moved) this.callbacks.onSelect?.(this.nodeUnder(e.clientX, e.clientY));
    });
    el.addEventListener('pointerleave', () => {
      if (this.hovered !== null) {
        this.hovered = null;
        this.requestRender();
      }
      this.callbacks.onHover?.(null, 0, 0);
    });
    el.addEventListener('wheel', (e) => {
      e.preventDefault();
      const box = el.getBoundingClientRect();
      const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
      // Shift zooms the time axis only, Alt the slot axis only: long runs are wide and short.
      const fx = e.altKey ? 1 : factor;
      const fy = e.shiftKey ? 1 : factor;
      this.setTransform(zoomAround(this.transformValue, e.clientX - box.left, e.clientY - box.top, fx, fy));
    }, { passive: false });
    el.addEventListener('dblclick', () => this.fit());
  }
}

/** A 2D context kept in software (see drawOverlays); fails loudly when the browser gives none. */
function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error(`LineageView: no 2D context for the ${canvas.className} layer`);
  return ctx;
}

/** Sets a canvas's backing size; true when it changed (which also cleared it). */
function fitCanvas(canvas: HTMLCanvasElement, width: number, height: number): boolean {
  if (canvas.width === width && canvas.height === height) return false;
  canvas.width = width;
  canvas.height = height;
  return true;
}
