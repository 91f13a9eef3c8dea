/**
 * Makes sure `out/renderer` holds a build of the current renderer sources, so
 * `npx quinarium serve` works straight after `npm ci` and never serves a stale page.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time (ms) of the files under `dir`, 0 when there are none. */
export function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Why the renderer in `outDir` needs building from `sourceDirs`, or null when it is
 * current: its index.html is missing or older than some source file.
 */
export function rendererBuildReason(outDir: string, sourceDirs: readonly string[]): string | null {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return `${index} is missing`;
  const built = statSync(index).mtimeMs;
  const newest = Math.max(...sourceDirs.map(newestMtime));
  return newest > built ? 'the renderer sources are newer than the build' : null;
}

/**
 * Every folder the renderer's bundle is built from: its own sources and the layers it
 * may import (protocol and shared, by the lint rule). A folder missing here would let
 * `serve` hand out a stale page after a change in it (tested against the imports).
 */
export const RENDERER_SOURCES = ['renderer', 'src/protocol', 'src/shared'] as const;

export interface RendererBuildOptions {
  /** Repository root (holds renderer/ and out/). */
  root: string;
  /** Told once when a build starts (one line). */
  log(line: string): void;
}

/** Builds the renderer with Vite when needed; returns the directory to serve. */
export async function ensureRendererBuilt(o: RendererBuildOptions): Promise<string> {
  const outDir = join(o.root, 'out', 'renderer');
  const sources = RENDERER_SOURCES.map((d) => join(o.root, d));
  const reason = rendererBuildReason(outDir, sources);
  if (!reason) return outDir;
  o.log(`quinarium: building the renderer into out/renderer (${reason})…`);
  const { build } = await import('vite');
  await build({ configFile: join(o.root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`serve: the renderer build finished but wrote no ${join(outDir, 'index.html')}`);
  return outDir;
}
