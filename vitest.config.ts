import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // tfjs-wasm is single-threaded per process; two forks use both cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
