import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'node/**/*.test.ts', 'cli/**/*.test.ts', 'electron/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    // The crash-safety test forks hundreds of processes; keep files from contending for 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
