import { Container, Geometry, Mesh, Shader, UniformGroup } from 'pixi.js';
import { buildEdgeLines, buildNodePoints, chunkInView, type PrimitiveChunk } from './lineageGeometry';
import type { LineageLayout } from './lineageLayout';
import { EDGE_SHADER, NODE_SHADER } from './lineageShaders';
import type { RasterLayers } from './lineageRaster';
import type { ViewTransform } from './viewTransform';

/** Where and how to draw: only these change on pan and zoom. */
export interface MeshCamera {
  /** Layout units to CSS pixels of the render target. */
  transform: ViewTransform;
  /** The layout-space box the target shows; chunks wholly outside it are not drawn. */
  visible: { minX: number; maxX: number; minY: number; maxY: number };
  /** Disc radius in pixels for the least faithful replicator. */
  baseRadius: number;
  /** Device pixels per CSS pixel of the target (point sprites are sized in device pixels). */
  pixelRatio: number;
  /** Draw none of the chunks (the view's level-of-detail raster shows the lineage instead). */
  omitAll?: boolean;
}

/** Largest disc radius relative to baseRadius (the node shader's 0.65 + 0.6 · 1), plus its soft edge. */
const MAX_RADIUS_FACTOR = 1.25;

interface Chunk { mesh: Mesh<Geometry, Shader>; box: PrimitiveChunk; extinct: boolean }

/**
 * The lineage as Pixi meshes with custom shaders: edges (a line per parent→child
 * link or lifespan) below nodes (a point sprite per individual), each cut into
 * chunks of neighbouring generations (see lineageGeometry for why).
 * `update` re-uploads the buffers from the layout — only when it changed; `setCamera`
 * sets uniforms and shows the chunks in view, touching no buffer, which is what
 * keeps pan and zoom cheap at 50,000 nodes.
 */
export class LineageMeshes {
  /** Edges, then nodes: what the view renders, to the screen or into its pan cache. */
  readonly root = new Container();
  private readonly edgeLayer = new Container();
  private readonly nodeLayer = new Container();
  private readonly camera = new UniformGroup({
    uCamera: { value: new Float32Array([1, 1, 0, 0]), type: 'vec4<f32>' },
  });
  private readonly nodeStyle = new UniformGroup({
    uBaseRadius: { value: 3, type: 'f32' },
    uPixelRatio: { value: 1, type: 'f32' },
  });
  /** One shader per kind, shared by all its chunks. */
  private readonly nodeShader = Shader.from({ gl: NODE_SHADER, resources: { camera: this.camera, nodeStyle: this.nodeStyle } });
  private readonly edgeShader = Shader.from({ gl: EDGE_SHADER, resources: { camera: this.camera } });
  private nodeChunks: Chunk[] = [];
  private edgeChunks: Chunk[] = [];
  /** The last build's points and segments split as the level-of-detail raster draws them. */
  raster: RasterLayers = {
    extinct: { position: new Float32Array(0), colour: new Uint8Array(0), count: 0 },
    aliveSegments: { position: new Float32Array(0), colour: new Uint8Array(0), count: 0 },
    alive: { position: new Float32Array(0), colour: new Uint8Array(0), count: 0 },
  };

  constructor() {
    this.root.addChild(this.edgeLayer, this.nodeLayer);
  }

  /** Re-uploads every buffer from the layout (which must be up to date). */
  update(layout: LineageLayout): void {
    const nodes = buildNodePoints(layout);
    this.nodeChunks = this.fill(this.nodeLayer, this.nodeChunks, nodes.chunks, nodes.extinct, this.nodeShader, 'point-list', (c) => ({
      aPosition: { buffer: nodes.position.slice(2 * c.start, 2 * (c.start + c.count)), format: 'float32x2' },
      aSize: { buffer: nodes.size.slice(c.start, c.start + c.count), format: 'float32' },
      aColor: { buffer: nodes.colour.slice(4 * c.start, 4 * (c.start + c.count)), format: 'unorm8x4' },
    }));
    const edges = buildEdgeLines(layout);
    const n = nodes.order.length;
    this.raster = {
      extinct: { position: nodes.position.subarray(0, 2 * nodes.extinct), colour: nodes.colour.subarray(0, 4 * nodes.extinct), count: nodes.extinct },
      aliveSegments: { position: edges.position.subarray(4 * edges.extinct), colour: edges.colour.subarray(8 * edges.extinct), count: edges.count - edges.extinct },
      alive: { position: nodes.position.subarray(2 * nodes.extinct), colour: nodes.colour.subarray(4 * nodes.extinct), count: n - nodes.extinct },
    };
    this.edgeChunks = this.fill(this.edgeLayer, this.edgeChunks, edges.chunks, edges.extinct, this.edgeShader, 'line-list', (c) => ({
      aPosition: { buffer: edges.position.slice(4 * c.start, 4 * (c.start + c.count)), format: 'float32x2' },
      aColor: { buffer: edges.colour.slice(8 * c.start, 8 * (c.start + c.count)), format: 'unorm8x4' },
    }));
  }

  /**
   * Sets the uniforms and shows the chunks in view; returns how many primitives those
   * chunks hold (drawn or, with omitAll, left to the raster), and how many belong to extinct lineages.
   */
  setCamera(camera: MeshCamera): { drawn: number; extinct: number } {
    const t = camera.transform;
    const c = this.camera.uniforms.uCamera as Float32Array;
    c[0] = t.zx;
    c[1] = t.zy;
    c[2] = t.tx;
    c[3] = t.ty;
    this.camera.update();
    this.nodeStyle.uniforms.uBaseRadius = camera.baseRadius;
    this.nodeStyle.uniforms.uPixelRatio = camera.pixelRatio;
    this.nodeStyle.update();
    // Discs reach past their centres; lines do not, so one margin covers both.
    const reach = camera.baseRadius * MAX_RADIUS_FACTOR + 1;
    const v = camera.visible;
    const view = { minX: v.minX - reach / t.zx, maxX: v.maxX + reach / t.zx, minY: v.minY - reach / t.zy, maxY: v.maxY + reach / t.zy };
    let drawn = 0, extinct = 0;
    for (const chunks of [this.nodeChunks, this.edgeChunks]) {
      for (const chunk of chunks) {
        const inView = chunkInView(chunk.box, view);
        chunk.mesh.visible = inView && !camera.omitAll;
        if (inView && chunk.extinct) extinct += chunk.box.count;
        if (inView) drawn += chunk.box.count;
      }
    }
    return { drawn, extinct };
  }

  destroy(): void {
    for (const { mesh } of [...this.nodeChunks, ...this.edgeChunks]) mesh.geometry.destroy();
    this.root.destroy({ children: true });
    this.nodeShader.destroy();
    this.edgeShader.destroy();
    this.nodeChunks = this.edgeChunks = [];
  }

  /**
   * Makes `layer` hold one mesh per chunk, reusing the meshes (and so the GPU
   * buffers) of the previous build and destroying the ones left over.
   */
  private fill(layer: Container, previous: Chunk[], boxes: PrimitiveChunk[], extinctEnd: number, shader: Shader, topology: 'point-list' | 'line-list',
    attributes: (box: PrimitiveChunk) => Record<string, { buffer: Float32Array | Uint8Array; format: 'float32x2' | 'float32' | 'unorm8x4' }>): Chunk[] {
    const chunks = boxes.map((box, k): Chunk => {
      const data = attributes(box);
      const reused = previous[k];
      if (reused) {
        for (const [name, a] of Object.entries(data)) reused.mesh.geometry.getBuffer(name).data = a.buffer;
        return { mesh: reused.mesh, box, extinct: box.start < extinctEnd };
      }
      const mesh = new Mesh({ geometry: new Geometry({ attributes: data, topology }), shader });
      layer.addChild(mesh);
      return { mesh, box, extinct: box.start < extinctEnd };
    });
    for (const stale of previous.slice(boxes.length)) {
      const geometry = stale.mesh.geometry;
      stale.mesh.destroy();
      geometry.destroy();
    }
    return chunks;
  }
}
