import { createElement } from 'react';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import { isCommonplaceError, type Logger } from '@commonplace/sdk/internal';
import { ACTION_FIELD, CSRF_FIELD, allows, type FormState, type PageAccess, type PageProps } from '@commonplace/sdk/web';
import { negotiate } from '../../federation/documents/content-negotiation.js';
import type { CompiledAction, CompiledPage } from './compile-pages.js';
import type { PageRenderer } from './page-renderer.js';
import { refusalStatus, runDocument, type Refusal } from './run-graphql.js';
import { clearSessionCookie, setSessionCookie, type SessionCookieOptions } from './session-cookie.js';

export interface PageHandlersDeps {
  schema: GraphQLSchema;
  renderer: PageRenderer;
  log: Logger;
  contextFor(request: FastifyRequest): object;
  cookie: SessionCookieOptions;
}

/** What the object route tells a page that is an object's HTML. */
export interface ObjectFacts {
  gone(): Promise<boolean>;
}

/** The GET and the form POST of one page. */
export function pageHandlers(compiled: CompiledPage, deps: PageHandlersDeps) {
  const { page } = compiled;
  const { renderer } = deps;

  /** Nothing to show: 404, or 410 when the page is an object's and the object is a Tombstone. */
  async function missing(request: FastifyRequest, reply: FastifyReply, object: ObjectFacts | undefined): Promise<FastifyReply> {
    return renderer.error(request, reply, object && (await object.gone()) ? 410 : 404);
  }

  /** Runs the page's query and renders it (with the refused form, after a post); an error page when the data says so. */
  async function show(request: FastifyRequest, reply: FastifyReply, form: FormState | null, status: number, object?: ObjectFacts): Promise<FastifyReply> {
    const params = paramsOf(request);
    const search = searchOf(request);
    let data: unknown = null;
    if (compiled.query) {
      const outcome = await runDocument(deps.schema, compiled.query, page.variables?.(params, search) ?? {}, deps.contextFor(request), deps.log);
      if (!outcome.ok) {
        if ('unexpected' in outcome) return renderer.error(request, reply, 500);
        const code = outcome.refusals[0]?.code;
        if (code === 'UNAUTHENTICATED' && !request.viewer) return toLogIn(request, reply);
        if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return renderer.error(request, reply, 403);
        // A malformed id in the path is as missing as an unknown one.
        if (code === 'NOT_FOUND' || code === 'BAD_USER_INPUT') return missing(request, reply, object);
        deps.log.warn({ refusals: outcome.refusals, path: page.path }, 'a page query was refused');
        return renderer.error(request, reply, 500);
      }
      data = outcome.data;
      if (page.notFound?.(data)) return missing(request, reply, object);
    }
    const props: PageProps<unknown> = { data, params, search, viewer: request.viewer, form };
    const head = page.head?.(props);
    // A server looking up this page (a pasted profile or object URL) is sent to the ActivityPub document.
    if (form === null && head?.activityPubId && asksForActivityJson(request.headers.accept)) {
      return reply.header('vary', 'Accept').redirect(head.activityPubId, 303);
    }
    return renderer.send(request, reply, {
      status,
      element: createElement(page.component, props),
      title: (t) => page.title(props, t),
      head,
      params,
      search,
      form,
    });
  }

  /** Who may not open or post: someone not logged in goes to log in and comes back; someone without the role gets 403. */
  function refuseAccess(request: FastifyRequest, reply: FastifyReply, access: PageAccess | undefined): Promise<FastifyReply> | FastifyReply | null {
    if (allows(access, request.viewer)) return null;
    if (!request.viewer) return toLogIn(request, reply);
    return renderer.error(request, reply, 403);
  }

  /** `object` when the page is the HTML of a federated object (served at the object's id by the object route). */
  async function get(request: FastifyRequest, reply: FastifyReply, object?: ObjectFacts): Promise<FastifyReply> {
    return refuseAccess(request, reply, page.access) ?? show(request, reply, null, 200, object);
  }

  /** A form post (CSRF checked before): the action's mutation as the viewer; success redirects (303), a refusal re-renders the page with why. */
  async function post(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = first(body[ACTION_FIELD]);
    const compiledAction = name ? compiled.actions.get(name) : undefined;
    if (!name || !compiledAction) return renderer.error(request, reply, 400);
    const { action } = compiledAction;
    const refused = refuseAccess(request, reply, action.access ?? page.access);
    if (refused) return refused;

    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) if (key !== CSRF_FIELD && key !== ACTION_FIELD) fields[key] = first(value) ?? '';
    const params = paramsOf(request);
    const redirectParams = { ...searchOf(request), ...params };

    let variables: Record<string, unknown>;
    try {
      variables = action.variables(fields, params);
    } catch (error) {
      if (!isCommonplaceError(error)) throw error;
      return refuse(request, reply, name, fields, [{ code: error.code, field: stringField(error.extensions.field), message: error.message }]);
    }
    const outcome = await runDocument<Record<string, unknown>>(deps.schema, compiledAction.mutation, variables, deps.contextFor(request), deps.log);
    if (!outcome.ok && 'unexpected' in outcome) return renderer.error(request, reply, 500);
    if (!outcome.ok) {
      // Logging out of a session that already ended is done all the same.
      const alreadyOut = compiledAction.session === 'end' && outcome.refusals[0]?.code === 'UNAUTHENTICATED';
      if (!alreadyOut) return refuse(request, reply, name, fields, outcome.refusals);
    }
    const result = outcome.ok ? outcome.data : null;
    applySession(reply, compiledAction, result, deps.cookie);
    const target = localTarget(action.redirect(result, redirectParams));
    if (wantsJson(request)) return reply.send({ ok: true, result, redirect: target });
    return reply.redirect(target, 303);
  }

  function refuse(request: FastifyRequest, reply: FastifyReply, action: string, fields: Record<string, string>, refusals: readonly Refusal[]) {
    const form = formState(action, fields, refusals);
    if (wantsJson(request)) return reply.status(refusalStatus(refusals)).send({ ok: false, errors: form.errors });
    return show(request, reply, form, refusalStatus(refusals));
  }

  return { get, post };
}

/** Sets or clears the session cookie for core's log-in, sign-up and log-out actions. */
function applySession(reply: FastifyReply, compiled: CompiledAction, result: unknown, cookie: SessionCookieOptions): void {
  if (!compiled.session) return;
  if (compiled.session === 'end') return clearSessionCookie(reply, cookie);
  const token = compiled.session.start(result);
  if (token) setSessionCookie(reply, token, cookie);
}

/**
 * What a refused form shows: the values sent, but never a password back into the page (any field
 * whose name says password), and each message under the field it names (`input.title` is the form's
 * `title`); a message that names no field sent goes to the top (`''`).
 */
export function formState(action: string, fields: Readonly<Record<string, string>>, refusals: readonly Refusal[]): FormState {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (!/password/i.test(name)) values[name] = value;
  const errors: Record<string, string> = {};
  for (const refusal of refusals) {
    const last = refusal.field.split('.').pop() ?? '';
    const field = refusal.field in fields ? refusal.field : last in fields ? last : '';
    errors[field] = errors[field] ? `${errors[field]} ${refusal.message}` : refusal.message;
  }
  return { action, values, errors };
}

/** 303 to the log-in page, which comes back here after. */
export function toLogIn(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
}

/**
 * Only a path on this instance: an action cannot be made to send people to another site. Control
 * characters are refused too: browsers strip tab and newlines, so `/\t/evil.example` would become `//evil.example`.
 */
export function localTarget(target: string): string {
  const local = target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') && !/[\u0000-\u001f\u007f]/.test(target);
  return local ? target : '/';
}

function paramsOf(request: FastifyRequest): Record<string, string> {
  return { ...((request.params ?? {}) as Record<string, string>) };
}

/** The query string's parameters, the first value of each. */
function searchOf(request: FastifyRequest): Record<string, string> {
  const search: Record<string, string> = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    const found = first(value);
    if (found !== undefined) search[key] = found;
  }
  return search;
}

function first(value: unknown): string | undefined {
  if (Array.isArray(value)) return first(value[0]);
  return typeof value === 'string' ? value : undefined;
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * An island posting its page's form with fetch (`Accept: application/json` first): it gets the
 * action's result (`{ ok: true, result, redirect }`) or its refusal (`{ ok: false, errors }` by field,
 * with the refusal's status) instead of a redirect or a re-rendered page. Same CSRF check, same action.
 */
function wantsJson(request: FastifyRequest): boolean {
  return /^\s*application\/json\b/.test(request.headers.accept ?? '');
}

/** Whether the request names an ActivityPub type and prefers it to HTML (a browser's Accept never names it). */
function asksForActivityJson(accept: string | undefined): boolean {
  return !!accept && /application\/(activity\+json|ld\+json)/.test(accept) && negotiate(accept) === 'activity-json';
}
