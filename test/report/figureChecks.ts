// Checks shared by the figure tests: what every SVG the report writes must satisfy.
import { expect } from 'vitest';
import { assertWellFormedXml } from './wellFormedXml';

export interface PlotRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Well-formed, an <svg> root with width/height/viewBox, and no NaN/Infinity anywhere. */
export function expectValidFigure(svg: string): void {
  expect(assertWellFormedXml(svg)).toBe('svg');
  expect(svg).not.toMatch(/NaN|Infinity/);
  const open = /^<svg [^>]*>/.exec(svg)?.[0] ?? '';
  const width = /\swidth="([\d.]+)"/.exec(open)?.[1];
  const height = /\sheight="([\d.]+)"/.exec(open)?.[1];
  expect(width).toBeDefined();
  expect(height).toBeDefined();
  expect(open).toContain(`viewBox="0 0 ${width} ${height}"`);
  expect(open).toContain('font-family="sans-serif"');
}

/** The plot rectangle, read back from the axis path "M left top V bottom H right". */
export function plotRect(svg: string): PlotRect {
  const m = /<path d="M([\d.]+) ([\d.]+)V([\d.]+)H([\d.]+)" fill="none" stroke="#444444"/.exec(svg);
  if (!m) throw new Error('plotRect: no axis path found in the figure');
  return { left: Number(m[1]), top: Number(m[2]), bottom: Number(m[3]), right: Number(m[4]) };
}

/** Coordinate pairs of an SVG path's M/L commands. */
export function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** The text content of every <text> element, unescaped. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'),
  );
}
