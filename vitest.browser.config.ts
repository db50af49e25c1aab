import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: the demo's report opened in headless Chromium (Debian's `chromium`). */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    globals: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
