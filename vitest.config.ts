import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'node/**/*.test.ts', 'cli/**/*.test.ts', 'electron/**/*.test.ts', 'test/**/*.test.ts'],
    // Bounds that catch a hang, not a slow machine: under a CPU hog on both cores, tests that start
    // DuckDB, Chromium or a process per step took up to 26 s (and two failed at a 20 s bound).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The crash-safety test forks hundreds of processes; keep files from contending for 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
