/**
 * Where the engine worker lives when Quinarium runs from its TypeScript sources
 * (the CLI goes through tsx): the .ts file, loaded with tsx's loader in the worker
 * too, since loader hooks of the main thread do not reach worker threads on Node 20.
 * Electron uses its built worker instead (src/hosts/electron/main.ts).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { EngineWorkerEntry } from './engineProcess';

export function sourceEngineWorker(): EngineWorkerEntry {
  // An absolute URL, so the loader resolves whatever the current directory is.
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: new URL('./engineWorker.ts', import.meta.url), execArgv: ['--import', tsxLoader] };
}
