// The vitest config Stryker runs mutants against (stryker.config.json): only the fast unit tests
// under test/unit/, which need no HTTP server; the few that need a database take an in-memory copy
// of the global setup's template (test/kit/unit-database.ts).
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // The same single graphql module as vitest.config.ts (graphql-shield loads the CommonJS build).
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/unit/**/*.test.ts'],
    globalSetup: ['test/kit/global-setup.ts'],
    pool: 'forks',
    testTimeout: 10_000,
  },
});
