import { Texture } from 'pixi.js';

/** Pixel size of the node sprite; nodes are scaled down from it, so edges stay smooth. */
export const CIRCLE_TEXTURE_SIZE = 64;

/**
 * One white disc with a thin dark rim, shared by every node: the tint colours the
 * disc, and the rim (dark under any tint) keeps overlapping nodes apart.
 */
export function createCircleTexture(): Texture {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = CIRCLE_TEXTURE_SIZE;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('createCircleTexture: no 2D context to draw the node sprite');
  const r = CIRCLE_TEXTURE_SIZE / 2;
  ctx.fillStyle = '#0b1016';
  ctx.beginPath();
  ctx.arc(r, r, r - 1, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#ffffff';
  ctx.beginPath();
  ctx.arc(r, r, r - 7, 0, Math.PI * 2);
  ctx.fill();
  return Texture.from(canvas);
}
