import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The headless-browser check of the report has its own run: `npm run test:browser`.
    exclude: ['tests/browser/**', 'node_modules/**'],
    environment: 'node',
    globals: false,
  },
});
