import { Geometry, Mesh, Shader, UniformGroup } from 'pixi.js';
import { buildEdgeInstances, buildNodeInstances } from './lineageGeometry';
import type { LineageLayout } from './lineageLayout';
import { EDGE_SHADER, NODE_SHADER } from './lineageShaders';

/** Screen-space drawing parameters: only these change on pan and zoom. */
export interface MeshCamera {
  /** View size in CSS pixels. */
  viewport: { width: number; height: number };
  /** Disc radius in pixels for the least faithful replicator. */
  baseRadius: number;
  /** Half the edge width in pixels. */
  edgeHalfWidth: number;
}

/**
 * The lineage as two instanced Pixi meshes with custom shaders: edges (one
 * instance per parent→child link) below nodes (one per individual). `update`
 * re-uploads the instance buffers from the layout — only when it changed; `setCamera`
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
  });
  private readonly edgeUniforms = new UniformGroup({
    uViewport: { value: new Float32Array([1, 1]), type: 'vec2<f32>' },
    uHalfWidth: { value: 0.5, type: 'f32' },
  });

  constructor() {
    this.nodeGeometry = new Geometry({
      attributes: {
        aCorner: { buffer: new Float32Array([-1, -1, 1, -1, 1, 1, -1, 1]), format: 'float32x2' },
        aPosition: { buffer: new Float32Array(2), format: 'float32x2', instance: true },
        aSize: { buffer: new Float32Array(1), format: 'float32', instance: true },
        aColor: { buffer: new Uint8Array(4), format: 'unorm8x4', instance: true },
      },
      indexBuffer: new Uint32Array([0, 1, 2, 0, 2, 3]),
      instanceCount: 0,
    });
    // Vertices (end, side): parent +, parent −, child −, child +. The normal is taken from the
    // parent→child direction at both ends, so "+" is the same side at both.
    this.edgeGeometry = new Geometry({
      attributes: {
        aEnd: { buffer: new Float32Array([0, 0, 1, 1]), format: 'float32' },
        aSide: { buffer: new Float32Array([1, -1, -1, 1]), format: 'float32' },
        aPosition: { buffer: new Float32Array(2), format: 'float32x2', instance: true },
        aTo: { buffer: new Float32Array(2), format: 'float32x2', instance: true },
        aColor: { buffer: new Uint8Array(4), format: 'unorm8x4', instance: true },
      },
      indexBuffer: new Uint32Array([0, 2, 3, 0, 3, 1]),
      instanceCount: 0,
    });
    this.nodes = new Mesh({ geometry: this.nodeGeometry, shader: Shader.from({ gl: NODE_SHADER, resources: { nodeUniforms: this.nodeUniforms } }) });
    this.edges = new Mesh({ geometry: this.edgeGeometry, shader: Shader.from({ gl: EDGE_SHADER, resources: { edgeUniforms: this.edgeUniforms } }) });
    // Nothing to draw yet: an empty instanced draw is skipped rather than issued.
    this.nodes.visible = this.edges.visible = false;
  }

  /** Re-uploads every instance buffer from the layout (which must be up to date). */
  update(layout: LineageLayout): void {
    const nodes = buildNodeInstances(layout);
    const n = nodes.order.length;
    this.nodeGeometry.getBuffer('aPosition').data = nodes.position;
    this.nodeGeometry.getBuffer('aSize').data = nodes.size;
    this.nodeGeometry.getBuffer('aColor').data = nodes.colour;
    this.nodeGeometry.instanceCount = n;
    this.nodes.visible = n > 0;
    const edges = buildEdgeInstances(layout);
    this.edgeGeometry.getBuffer('aPosition').data = edges.from;
    this.edgeGeometry.getBuffer('aTo').data = edges.to;
    this.edgeGeometry.getBuffer('aColor').data = edges.colour;
    this.edgeGeometry.instanceCount = edges.count;
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
    this.edgeUniforms.uniforms.uHalfWidth = camera.edgeHalfWidth;
    this.nodeUniforms.update();
    this.edgeUniforms.update();
  }
}
