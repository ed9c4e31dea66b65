import { defineConfig } from 'vitest/config';

// One run for the whole monorepo: unit, PostgreSQL/Redis integration, SDK packaging and browser tests.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.{ts,tsx}'],
      exclude: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 25 },
    },
  },
});
