import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Property tests and fixture loops are CPU-bound; the machines have two
    // cores, so two workers is the useful maximum.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
});
