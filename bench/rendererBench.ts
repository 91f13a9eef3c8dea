/**
 * Renderer benchmark: frame time of the lineage view with 10,000, 50,000 and 320,000 nodes
 * (the last: 10,000 generations × 32, drawn with its extinct lineages as the level-of-detail raster)
 * in headless Chromium (SwiftShader WebGL unless the machine has a GPU Chromium
 * uses). Builds the renderer with Vite into a temporary folder, serves it on
 * 127.0.0.1, opens bench.html with playwright-core and prints its JSON result.
 *
 *   npx tsx bench/rendererBench.ts [--nodes 0,10000,50000] [--seconds 2] [--chromium /usr/bin/chromium]
 *   npx tsx bench/rendererBench.ts --open-run 10667 [--population 32] [--seconds 2]
 *
 * nodes = 0 is the empty view, the floor the machine and browser set; compare
 * the other cases with it (on a loaded machine every number rises together).
 *
 * `--open-run G` measures the app itself instead (openRunCase.ts): a stored run of G
 * generations (bench/syntheticRunDir.ts) opened through the Runs… dialog of a real
 * `quinarium serve`, then panned and zoomed with the mouse.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
// The bench page declares window.__benchResult and __benchError; this script reads them.
import type {} from '../renderer/src/bench';
import { openRunCase } from './openRunCase';

/** The Chromium flags that give headless WebGL through SwiftShader on machines without a GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png' };

/** Serves a folder read-only on 127.0.0.1 at a free port; paths cannot leave the folder. */
export function serveFolder(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)).replace(/^([/\\]|\.\.)+/, '');
    try {
      const body = await readFile(join(root, path || 'index.html'));
      res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    ok({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
  }));
}

/** Builds the renderer's pages (index.html, bench.html) with its Vite config into `outDir`. */
export async function buildRenderer(outDir: string): Promise<void> {
  await build({ configFile: resolve(fileURLToPath(new URL('../renderer/vite.config.ts', import.meta.url))), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

async function main(args: string[]): Promise<void> {
  if (args.includes('--open-run')) {
    const generations = Number(option(args, 'open-run', 'NaN'));
    if (!(Number.isInteger(generations) && generations >= 1)) throw new Error(`rendererBench: --open-run expects a number of generations ≥ 1, got ${option(args, 'open-run', '(nothing)')}`);
    const result = await openRunCase({ generations, population: Number(option(args, 'population', '32')), seconds: Number(option(args, 'seconds', '2')), executablePath: option(args, 'chromium', '/usr/bin/chromium'), chromiumArgs: CHROMIUM_ARGS });
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const nodes = option(args, 'nodes', '0,10000,50000,320000');
  const seconds = Number(option(args, 'seconds', '2'));
  const executablePath = option(args, 'chromium', '/usr/bin/chromium');
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const outDir = await mkdtemp(join(tmpdir(), 'quinarium-renderer-bench-'));
  try {
    await buildRenderer(outDir);
    const { server, url } = await serveFolder(outDir);
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${url}/bench.html?n=${nodes}&seconds=${seconds}`);
      await page.waitForFunction(() => window.__benchResult !== undefined || window.__benchError !== undefined, null, { timeout: 900_000, polling: 500 });
      const error = await page.evaluate(() => window.__benchError);
      if (error) throw new Error(`rendererBench: the benchmark page failed: ${error}`);
      const result = await page.evaluate(() => window.__benchResult);
      // The machine's load (1, 5, 15 min) at the start and the end: other work slows every frame alike.
      const loadAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
      console.log(JSON.stringify({ goal: 'mean frame ≤ 33 ms at 10,000 nodes', loadAverage: { start: loadAtStart, end: loadAtEnd }, cpus: cpus().length, ...result }, null, 2));
    } finally {
      await browser.close();
      server.close();
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

// Run only as a script: the demo e2e test imports serveFolder, buildRenderer and CHROMIUM_ARGS.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
