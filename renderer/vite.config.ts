import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer as a plain web build (what `quinarium serve` serves and the
 * benchmark loads): relative asset URLs so it works from any path or file://,
 * output beside electron-vite's in out/renderer.
 */
export default defineConfig({
  root,
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    // Pixi is one large module by design; the warning says nothing useful here.
    chunkSizeWarningLimit: 2048,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        bench: fileURLToPath(new URL('bench.html', import.meta.url)),
      },
    },
  },
});
