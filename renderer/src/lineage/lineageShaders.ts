/**
 * GLSL for the lineage meshes. Both widen their geometry on the GPU from layout
 * units to screen pixels, so pan and zoom change only uniforms: no buffer is
 * touched until the lineage itself changes. Pixi supplies uProjectionMatrix,
 * uWorldTransformMatrix and uTransformMatrix; uViewport is the view's size in CSS
 * pixels (what the projection maps onto clip space). Output is premultiplied alpha,
 * as Pixi's normal blend expects.
 */

const TRANSFORM = /* glsl */ `
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform vec2 uViewport;
// Matrix-vector products only: three of them cost a third of forming the product matrix per vertex.
vec2 toClip(vec2 p) {
  return (uProjectionMatrix * (uWorldTransformMatrix * (uTransformMatrix * vec3(p, 1.0)))).xy;
}
`;

/**
 * Discs of `uBaseRadius · (0.65 + 0.6 · size)` pixels with a soft edge and a thin dark
 * rim, drawn as point sprites centred on aPosition. gl_PointSize counts device
 * pixels, hence uPixelRatio.
 */
export const NODE_SHADER = {
  vertex: /* glsl */ `#version 300 es
in vec2 aPosition;
in float aSize;
in vec4 aColor;
uniform float uBaseRadius;
uniform float uPixelRatio;
${TRANSFORM}
out float vRadius;
out vec4 vColor;
void main() {
  float radius = uBaseRadius * (0.65 + 0.6 * aSize);
  gl_Position = vec4(toClip(aPosition), 0.0, 1.0);
  // One pixel beyond the radius leaves room for the antialiased edge.
  gl_PointSize = 2.0 * (radius + 1.0) * uPixelRatio;
  vRadius = radius;
  vColor = aColor;
}
`,
  fragment: /* glsl */ `#version 300 es
precision mediump float;
in float vRadius;
in vec4 vColor;
out vec4 finalColor;
void main() {
  float d = length(gl_PointCoord * 2.0 - 1.0) * (vRadius + 1.0);
  float coverage = 1.0 - smoothstep(vRadius - 0.5, vRadius + 0.5, d);
  if (coverage <= 0.0) discard;
  // The rim stays dark under any colour, so touching discs stay apart.
  float rim = smoothstep(vRadius - 1.7, vRadius - 0.7, d) * step(2.5, vRadius);
  vec3 rgb = mix(vColor.rgb, vec3(0.043, 0.063, 0.086), 0.8 * rim);
  float a = vColor.a * coverage;
  finalColor = vec4(rgb * a, a);
}
`,
};

/**
 * Parent→child segments `2 · uHalfWidth` pixels wide whatever the zoom, antialiased
 * across. Every vertex carries both ends, aPosition (parent) and aTo (child), plus
 * aEnd (0 parent, 1 child) and aSide (±1 across the line).
 */
export const EDGE_SHADER = {
  vertex: /* glsl */ `#version 300 es
in vec2 aPosition;
in vec2 aTo;
in float aEnd;
in float aSide;
in vec4 aColor;
uniform float uHalfWidth;
${TRANSFORM}
out float vAcross;
out vec4 vColor;
void main() {
  vec2 from = toClip(aPosition);
  vec2 to = toClip(aTo);
  vec2 here = mix(from, to, aEnd);
  vec2 direction = (to - from) * uViewport;
  vec2 normal = dot(direction, direction) > 0.0 ? normalize(vec2(-direction.y, direction.x)) : vec2(0.0, 1.0);
  // Half a pixel more on each side for the antialiased edge.
  float reach = uHalfWidth + 0.5;
  gl_Position = vec4(here + normal * aSide * reach * 2.0 / uViewport, 0.0, 1.0);
  vAcross = aSide * reach;
  vColor = aColor;
}
`,
  fragment: /* glsl */ `#version 300 es
precision highp float; // uHalfWidth is shared with the vertex stage, whose precision is highp
uniform float uHalfWidth;
in float vAcross;
in vec4 vColor;
out vec4 finalColor;
void main() {
  float coverage = clamp(uHalfWidth + 0.5 - abs(vAcross), 0.0, 1.0);
  float a = vColor.a * coverage;
  finalColor = vec4(vColor.rgb * a, a);
}
`,
};
