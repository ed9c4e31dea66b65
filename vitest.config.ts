import { defineConfig } from 'vitest/config';

// One run for the whole monorepo: unit, PostgreSQL/Redis integration, SDK packaging and browser tests.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    // .ci/run reads this file (test-results/vitest.json) to print its closing 'N passed, N failed' line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.{ts,tsx}'],
      exclude: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 85 },
    },
  },
});
