import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import rendererConfig from './renderer/vite.config';

/**
 * Worker threads the engine spawns as `new URL('./<name>.ts', import.meta.url)`: from
 * sources that file exists (and runs through tsx); in the build each is an entry of
 * the main build, `<name>.js` beside the bundle that spawns it.
 */
const engineThreadEntries: Record<string, string> = {
  laneWorker: 'src/engine/jobs/laneWorker.ts',
};

function builtWorkerUrls(names: readonly string[]): Plugin {
  return {
    name: 'quinarium:built-worker-urls',
    renderChunk(code) {
      let out = code;
      for (const name of names) {
        out = out.replace(new RegExp(`new URL\\((["'])\\./${name}\\.ts\\1, import\\.meta\\.url\\)`, 'g'), `new URL("./${name}.js", import.meta.url)`);
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * The desktop build (`npx electron-vite build`, `npm start`):
 * - main: the main process and the engine worker, as two entries of one ESM build
 *   (out/main/index.js, out/main/engineWorker.js); dependencies stay external and are
 *   loaded from node_modules (tfjs-wasm finds its .wasm files there);
 * - preload: CommonJS (out/preload/index.cjs), because sandboxed preloads cannot be ES modules;
 * - renderer: the renderer's own Vite config (root renderer/, base './', out/renderer),
 *   so Electron and `quinarium serve` load the same build.
 */
export default defineConfig({
  main: {
    plugins: [builtWorkerUrls(Object.keys(engineThreadEntries))],
    build: {
      outDir: resolve('out/main'),
      rolldownOptions: {
        input: {
          index: resolve('src/hosts/electron/main.ts'),
          engineWorker: resolve('src/hosts/engineWorker.ts'),
          ...Object.fromEntries(Object.entries(engineThreadEntries).map(([name, path]) => [name, resolve(path)])),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve('out/preload'),
      rolldownOptions: {
        input: { index: resolve('src/hosts/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
