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
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          // The files share each worker's modules: aws-cdk-lib takes seconds
          // to import, and CDK apps keep no state between files.
          isolate: false,
        },
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
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // Each file starts `npm start` itself; one at a time.
          fileParallelism: false,
          testTimeout: 90_000,
        },
      },
    ],
  },
});
