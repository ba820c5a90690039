import type { FastifyError, FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import csrfProtection from '@fastify/csrf-protection';
import formBody from '@fastify/formbody';
import { graphQLContextOf } from '../../graphql/register-graphql.js';
import { htmlNotFoundPages } from '../../http/create-http-app.js';
import { compilePages } from './compile-pages.js';
import { PageRenderer } from './page-renderer.js';
import { objectPageSlots } from '../../federation/documents/plugin-object-routes.js';
import { pageHandlers } from './page-routes.js';
import { cookieAuthentication, type SessionCookieOptions } from './session-cookie.js';
import type { WebFrontEndDeps } from './types.js';

export type { CorePageAction, LayoutComponent, LocaleTools, OwnedContribution, WebFrontEndDeps, WebI18n } from './types.js';
export { readAssetsManifest, assetsManifestOf, STYLESHEET_ENTRY, islandEntryName, type AssetsManifest } from './assets-manifest.js';
export { SESSION_COOKIE } from './session-cookie.js';
export { BareLayout } from './bare-layout.js';
export { plainI18n } from './plain-i18n.js';

/** The CSRF secret's cookie; `__Host-` over https, so no other host of the domain can plant one. */
const csrfCookieName = (secure: boolean) => (secure ? '__Host-commonplace_csrf' : 'commonplace_csrf');

/**
 * The web front end: every contribution's pages (core's and each enabled plugin's) as server-rendered
 * HTML, their forms as POST-then-redirect, the browser session cookie, CSRF on every post, and HTML
 * 404/403/500 pages. Call it on the root app, after the request scope and GraphQL are registered.
 */
export async function registerWebFrontEnd(app: FastifyInstance, deps: WebFrontEndDeps): Promise<void> {
  const secure = new URL(deps.publicUrl).protocol === 'https:';
  const cookie: SessionCookieOptions = { secure, maxAgeSeconds: Math.round(deps.settings.auth.sessionTtlDays * 86_400) };
  const contextFor = deps.contextFor ?? graphQLContextOf;
  // Checked before any route is added: a page that cannot run, or two on one path, stop the boot here.
  const pages = compilePages(deps.schema, deps.contributions);
  const renderer = new PageRenderer({ ...deps, contextFor });
  if (!deps.assets) deps.log.warn('the web assets are not built: pages render without their stylesheet and islands (run `npm run build`)');

  // Cookies are parsed for every request (cheap: only when the header is there), but only the web
  // routes below read the session from them.
  await app.register(fastifyCookie);
  await app.register(csrfProtection, {
    cookieKey: csrfCookieName(secure),
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure },
  });
  const authenticateByCookie = cookieAuthentication(deps.authenticate, cookie);

  htmlNotFoundPages.set(app, async (request, reply) => {
    await authenticateByCookie(request, reply);
    return renderer.error(request, reply, 404);
  });

  const objectSlots = objectPageSlots(app);

  // In a context of its own: the form parser reads only the pages' posts (never /graphql's).
  await app.register(async (web) => {
    await web.register(formBody, { bodyLimit: 256 * 1024 });
    web.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.code?.startsWith('FST_CSRF_')) return renderer.error(request, reply, 403);
      const status = error.statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'a web page failed');
        return renderer.error(request, reply, 500);
      }
      if (status === 429) {
        // Over the rate limit: a browser gets a page saying so; an API client the JSON answer every route gives (code RATE_LIMITED).
        if (!acceptsHtml(request.headers.accept)) throw error; // the root handler's JSON answer
        return renderer.error(request, reply, 429);
      }
      return renderer.error(request, reply, status === 403 ? 403 : status === 404 ? 404 : 400);
    });
    for (const compiled of pages) {
      const handlers = pageHandlers(compiled, { schema: deps.schema, renderer, log: deps.log, contextFor, cookie });
      // An object's ActivityPub id is its page: at an object's path the object route (already there)
      // negotiates, and hands browsers to this page.
      if (objectSlots.paths.has(compiled.page.path)) {
        objectSlots.attach(compiled.page.path, async (request, reply, object) => {
          try {
            await authenticateByCookie(request, reply);
            return await handlers.get(request, reply, object);
          } catch (error) {
            request.log.error({ err: error }, 'a web page failed');
            return renderer.error(request, reply, 500);
          }
        });
      } else web.get(compiled.page.path, { preHandler: authenticateByCookie }, (request, reply) => handlers.get(request, reply));
      if (compiled.actions.size > 0) web.post(compiled.page.path, { preHandler: [authenticateByCookie, web.csrfProtection] }, handlers.post);
    }
  });
}

function acceptsHtml(accept: string | undefined): boolean {
  return !!accept && accept.includes('text/html');
}
