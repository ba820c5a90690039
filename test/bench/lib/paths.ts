import { fileURLToPath } from 'node:url';

/** The repository root: children run from here, so `--instance demo` and `require('fastify')` resolve. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The CLI entry point the benchmarks start, exactly as `npm start` does. */
export const cliEntry = fileURLToPath(new URL('../../../core/bin/commonplace.js', import.meta.url));

/** The bench instance: the demo with the HTTP rate limit raised for load tests. */
export const benchInstance = fileURLToPath(new URL('../instance.ts', import.meta.url));
