import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/**
 * The browser side's build (core/web, built by scripts/build.mjs with Vite). Found from this
 * source file, which the compiled CLI keeps pointing at (it rewrites import.meta.url).
 */
export const WEB_BUILD_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Hashed file names change with their content, so a copy never goes stale: browsers keep it a year. */
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

const REBUILD_HINT = 'run `npm run build` (it runs on `npm install`) to build them';

/** GET /assets/*: the hashed scripts, styles, fonts and workers of the built pages. */
export async function registerWebAssets(app: FastifyInstance): Promise<void> {
  const assets = `${WEB_BUILD_DIR}assets`;
  if (!existsSync(assets)) {
    app.log.warn(`the web assets are not built (${assets} is missing); ${REBUILD_HINT}`);
    return;
  }
  await app.register(fastifyStatic, {
    root: assets,
    prefix: '/assets/',
    // A file missing from the build is a 404, never a directory listing or an index page.
    index: false,
    list: false,
    // Files the build compressed (name.js.br, name.js.gz) are sent to browsers that accept them.
    preCompressed: true,
    maxAge: ONE_YEAR_MS,
    immutable: true,
    // Nothing here sends files by name (reply.sendFile); mercurius's own GraphiQL, if turned back on,
    // would decorate the reply with it too.
    decorateReply: false,
  });
}

/**
 * The HTML of a built page (core/web/<name>/index.html, with its hashed asset names filled in),
 * or the reason it cannot be served when the build has not run.
 */
export function readBuiltPage(name: string): { html: string } | { missing: string } {
  const file = `${WEB_BUILD_DIR}${name}/index.html`;
  if (!existsSync(file)) return { missing: `The ${name} page's assets are not built; ${REBUILD_HINT}.` };
  return { html: readFileSync(file, 'utf8') };
}
