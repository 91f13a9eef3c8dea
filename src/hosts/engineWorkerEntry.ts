/**
 * The engine worker's module when Quinarium runs from its TypeScript sources (the CLI
 * and tests, through tsx); the desktop build passes its built engineWorker.js instead
 * (src/hosts/electron/main.ts).
 */
export const ENGINE_WORKER = new URL('./engineWorker.ts', import.meta.url);
