import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

const BROWSER_TESTS = '**/*.browser.test.ts';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS and ESM builds. Node loads the CommonJS one for everybody (mercurius
    // included); Vite would give inlined code the ESM one, and a schema built with one copy is refused
    // by the other. Point Vite at the file Node uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Booting PGlite compiles WebAssembly; give suites room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    server: {
      deps: {
        // type-graphql must share the one graphql copy, or "Cannot use GraphQLSchema from another module".
        inline: ['type-graphql'],
      },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.{ts,tsx}', 'plugins/*/test/**/*.test.ts', 'core/test/**/*.test.ts', 'sdk/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/bench/**', BROWSER_TESTS],
        },
      },
      {
        // Pages in Debian's Chromium (test/helpers/browser.ts). What they test does not change with
        // the database, so CI runs them in one pass only: `--project browser` there, `--project node`
        // in the other.
        extends: true,
        test: { name: 'browser', include: [BROWSER_TESTS], exclude: ['**/node_modules/**'] },
      },
    ],
  },
});
