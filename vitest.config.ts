import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'plugins/*/test/**/*.test.ts', 'core/test/**/*.test.ts', 'sdk/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/bench/**'],
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
  },
});
