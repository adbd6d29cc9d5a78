import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Property tests and fixture loops are CPU-bound; the machines have two
    // cores, so two workers is the useful maximum.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: {
      // Tests assert outcomes, not CloudWatch EMF lines on stdout.
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['tests/infra/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // Real local servers: DynamoDB Local and s3rver, started once.
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
