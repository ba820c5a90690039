import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import { collectIslandEntries } from './islands.js';

/**
 * The browser side of core: every page's scripts and styles, built once (scripts/build.mjs, on
 * install) into dist/, which Fastify serves (core/src/http/web-assets.ts). Nothing is fetched from
 * another origin at run time, so the pages work offline and under a 'self'-only policy.
 *
 * Each page is an HTML entry below; its assets land in dist/assets/ with a content hash in their
 * names, so they can be cached for a year. The manifest maps each entry to its files, for pages the
 * server renders itself: the stylesheet and, per island a plugin declares (`web.islands`), one module
 * entry `island-<plugin-id>.<name>` (core/src/web/server/assets-manifest.ts reads them).
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const pages = {
  graphiql: here('./graphiql/index.html'),
  // The design system's stylesheet: the manifest names it `ui` (core/src/web/server/assets-manifest.ts).
  ui: here('./ui/styles.css'),
};

/** React and its runtime in one chunk of their own: every island (and GraphiQL) shares the one copy, cached once. */
const REACT = /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/;

export default defineConfig(async ({ mode }): Promise<UserConfig> => {
  // Loading the stylesheet's PostCSS config sets NODE_ENV to `development` when it is unset, which
  // gave React's development build and JSX compiled for it (jsxDEV, which production React lacks).
  // Set it first, from the mode (`production` for a build).
  process.env.NODE_ENV ??= mode;
  return {
    root: here('.'),
    base: '/',
    define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    // The build is made from the installed packages only: no public folder, no network.
    publicDir: false,
    logLevel: 'warn',
    build: {
      outDir: here('./dist'),
      // The previous build's files stay for a server started before this build; scripts/build-web-assets.mjs
      // removes older ones.
      emptyOutDir: false,
      assetsDir: 'assets',
      manifest: true,
      // Monaco (GraphiQL's editor) alone is several megabytes; the warning would fire on every build.
      chunkSizeWarningLimit: 6000,
      // Our own imports become files, never data: URLs (GraphiQL's stylesheet still brings data: fonts).
      assetsInlineLimit: 0,
      rolldownOptions: {
        input: { ...pages, ...(await collectIslandEntries(here('../..'))) },
        output: { codeSplitting: { groups: [{ name: 'react', test: REACT }] } },
        onLog(level, log, handler) {
          // framer-motion (in GraphiQL) marks modules "use client", which means nothing without React
          // Server Components; the bundler says so once per module.
          if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
          handler(level, log);
        },
      },
    },
    worker: { format: 'es' },
  };
});
