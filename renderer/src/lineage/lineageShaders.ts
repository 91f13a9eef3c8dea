/**
 * GLSL for the lineage meshes. Both map layout units to pixels with one uniform,
 * uCamera = (zx, zy, tx, ty) — the view transform, offset by where the render target
 * sits — then through Pixi's uProjectionMatrix (set per render target, so the same
 * meshes draw to the screen and to the pan cache). Pan and zoom therefore change
 * only uniforms: no buffer is touched until the lineage itself changes. Output is
 * premultiplied alpha, as Pixi's normal blend expects.
 */

const CAMERA = /* glsl */ `
uniform mat3 uProjectionMatrix;
uniform vec4 uCamera;
vec4 toClip(vec2 p) {
  return vec4((uProjectionMatrix * vec3(p * uCamera.xy + uCamera.zw, 1.0)).xy, 0.0, 1.0);
}
`;

/**
 * Discs of `uBaseRadius · (0.65 + 0.6 · size)` pixels with a soft edge and a thin dark
 * rim, drawn as point sprites centred on aPosition. gl_PointSize counts device
 * pixels, hence uPixelRatio. (Filling the sprites is cheap under SwiftShader next to
 * setting them up, so the smooth edge stays.)
 */
export const NODE_SHADER = {
  vertex: /* glsl */ `#version 300 es
in vec2 aPosition;
in float aSize;
in vec4 aColor;
uniform float uBaseRadius;
uniform float uPixelRatio;
${CAMERA}
out float vRadius;
out vec4 vColor;
void main() {
  float radius = uBaseRadius * (0.65 + 0.6 * aSize);
  gl_Position = toClip(aPosition);
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
 * Parent→child links and lifespan bars as one-pixel GL lines: one primitive per
 * segment (a quad would be two, and cost twice as much under SwiftShader). The
 * colour arrives premultiplied.
 */
export const EDGE_SHADER = {
  vertex: /* glsl */ `#version 300 es
in vec2 aPosition;
in vec4 aColor;
${CAMERA}
out vec4 vColor;
void main() {
  gl_Position = toClip(aPosition);
  vColor = aColor;
}
`,
  fragment: /* glsl */ `#version 300 es
precision mediump float;
in vec4 vColor;
out vec4 finalColor;
void main() {
  finalColor = vColor;
}
`,
};

/**
 * The pan cache: a textured quad sampling one texture. Not a Pixi Sprite, because
 * the batcher's shader picks among sixteen textures with a chain of branches that
 * SwiftShader runs for every pixel, which made the full-view copy cost 30 ms.
 */
export const CACHE_SHADER = {
  vertex: /* glsl */ `#version 300 es
in vec2 aPosition;
in vec2 aUV;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform mat3 uTransformMatrix;
uniform sampler2D uTexture;
out vec2 vTexel;
void main() {
  gl_Position = vec4((uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix * vec3(aPosition, 1.0)).xy, 0.0, 1.0);
  vTexel = aUV * vec2(textureSize(uTexture, 0));
}
`,
  fragment: /* glsl */ `#version 300 es
precision highp float;
uniform sampler2D uTexture;
in vec2 vTexel;
out vec4 finalColor;
void main() {
  finalColor = texelFetch(uTexture, ivec2(vTexel), 0);
}
`,
};
