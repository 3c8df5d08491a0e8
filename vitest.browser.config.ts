import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the docs site in a real browser (Debian's chromium), after `npm run docs:build`.
// Kept apart from `npm test`, which stays fast and runs where no browser is installed.
export default defineConfig({
  test: {
    include: ['test/**/*.browser.ts'],
    testTimeout: 60000,
    hookTimeout: 60000,
    pool: 'forks',
    fileParallelism: false,
  },
});
