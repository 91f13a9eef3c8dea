import { Geometry, Mesh, Shader, UniformGroup } from 'pixi.js';
import { buildEdgeQuads, buildNodePoints } from './lineageGeometry';
import type { LineageLayout } from './lineageLayout';
import { EDGE_SHADER, NODE_SHADER } from './lineageShaders';

/** Screen-space drawing parameters: only these change on pan and zoom. */
export interface MeshCamera {
  /** View size in CSS pixels. */
  viewport: { width: number; height: number };
  /** Disc radius in pixels for the least faithful replicator. */
  baseRadius: number;
  /** Device pixels per CSS pixel (point sprites are sized in device pixels). */
  pixelRatio: number;
  /** Half the edge width in pixels. */
  edgeHalfWidth: number;
}

/**
 * The lineage as two Pixi meshes with custom shaders: edges (a quad per
 * parent→child link or lifespan) below nodes (a point sprite per individual), one
 * draw call each.
 * `update` re-uploads the buffers from the layout — only when it changed; `setCamera`
 * sets uniforms and touches no buffer, which is what keeps pan and zoom cheap at
 * 50,000 nodes.
 */
export class LineageMeshes {
  readonly edges: Mesh<Geometry, Shader>;
  readonly nodes: Mesh<Geometry, Shader>;
  private readonly nodeGeometry: Geometry;
  private readonly edgeGeometry: Geometry;
  private readonly nodeUniforms = new UniformGroup({
    uViewport: { value: new Float32Array([1, 1]), type: 'vec2<f32>' },
    uBaseRadius: { value: 3, type: 'f32' },
    uPixelRatio: { value: 1, type: 'f32' },
  });
  private readonly edgeUniforms = new UniformGroup({
    uViewport: { value: new Float32Array([1, 1]), type: 'vec2<f32>' },
    uHalfWidth: { value: 0.5, type: 'f32' },
  });

  constructor() {
    this.nodeGeometry = new Geometry({
      attributes: {
        aPosition: { buffer: new Float32Array(0), format: 'float32x2' },
        aSize: { buffer: new Float32Array(0), format: 'float32' },
        aColor: { buffer: new Uint8Array(0), format: 'unorm8x4' },
      },
      topology: 'point-list',
    });
    this.edgeGeometry = new Geometry({
      attributes: {
        aPosition: { buffer: new Float32Array(0), format: 'float32x2' },
        aTo: { buffer: new Float32Array(0), format: 'float32x2' },
        aEnd: { buffer: new Float32Array(0), format: 'float32' },
        aSide: { buffer: new Float32Array(0), format: 'float32' },
        aColor: { buffer: new Uint8Array(0), format: 'unorm8x4' },
      },
      indexBuffer: new Uint32Array(0),
    });
    this.nodes = new Mesh({ geometry: this.nodeGeometry, shader: Shader.from({ gl: NODE_SHADER, resources: { nodeUniforms: this.nodeUniforms } }) });
    this.edges = new Mesh({ geometry: this.edgeGeometry, shader: Shader.from({ gl: EDGE_SHADER, resources: { edgeUniforms: this.edgeUniforms } }) });
    // Nothing to draw yet: an empty draw is skipped rather than issued.
    this.nodes.visible = this.edges.visible = false;
  }

  /** Re-uploads every buffer from the layout (which must be up to date). */
  update(layout: LineageLayout): void {
    const nodes = buildNodePoints(layout);
    const g = this.nodeGeometry;
    g.getBuffer('aPosition').data = nodes.position;
    g.getBuffer('aSize').data = nodes.size;
    g.getBuffer('aColor').data = nodes.colour;
    this.nodes.visible = nodes.order.length > 0;
    const edges = buildEdgeQuads(layout);
    const e = this.edgeGeometry;
    e.getBuffer('aPosition').data = edges.from;
    e.getBuffer('aTo').data = edges.to;
    e.getBuffer('aEnd').data = edges.end;
    e.getBuffer('aSide').data = edges.side;
    e.getBuffer('aColor').data = edges.colour;
    e.indexBuffer.data = edges.index;
    this.edges.visible = edges.count > 0;
  }

  setCamera(camera: MeshCamera): void {
    const { width, height } = camera.viewport;
    for (const group of [this.nodeUniforms, this.edgeUniforms]) {
      const v = group.uniforms.uViewport as Float32Array;
      v[0] = width;
      v[1] = height;
    }
    this.nodeUniforms.uniforms.uBaseRadius = camera.baseRadius;
    this.nodeUniforms.uniforms.uPixelRatio = camera.pixelRatio;
    this.edgeUniforms.uniforms.uHalfWidth = camera.edgeHalfWidth;
    this.nodeUniforms.update();
    this.edgeUniforms.update();
  }
}
