/**
 * The engine worker when Quinarium runs from its TypeScript sources (the CLI goes
 * through tsx). Node 20 ignores `--import` in a worker's execArgv and does not share
 * the main thread's loader hooks with workers, so the worker starts from a small
 * bootstrap that registers tsx inside itself and then imports engineWorker.ts.
 * Electron runs its built engineWorker.js instead (src/hosts/electron/main.ts).
 */
import type { EngineWorkerEntry } from './engineProcess';

export function sourceEngineWorker(): EngineWorkerEntry {
  // Absolute URLs, so both resolve whatever the current directory is.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./engineWorker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); });`;
  return { file: bootstrap, eval: true };
}
