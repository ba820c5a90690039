import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '@commonplace/sdk/internal';
import { setViewer } from '../../http/request-scope.js';

/** The browser's session: a token of core's sessions table, as a bearer token is (logOut and expiry work the same). */
export const SESSION_COOKIE = 'commonplace_session';

export interface SessionCookieOptions {
  secure: boolean;
  /** How long the browser keeps it: the session's own life (auth.sessionTtlDays). */
  maxAgeSeconds: number;
}

/** Requests whose cookie named a session that has ended (expired, revoked, account gone). */
const endedSessions = new WeakSet<FastifyRequest>();

export function sessionEnded(request: FastifyRequest): boolean {
  return endedSessions.has(request);
}

/**
 * A preHandler for the web front end's routes: when the request sent no Authorization header and no
 * plugin's authenticator vouched for it, the session cookie names the viewer. Only these routes read
 * it (their posts carry a CSRF token); /graphql and the plugins' API routes stay bearer-only, so no
 * other site can make a signed-in browser call them.
 */
export function cookieAuthentication(authenticate: (token: string) => Promise<Viewer | null>, options: SessionCookieOptions) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (request.viewer || request.headers.authorization !== undefined) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const viewer = await authenticate(token);
    if (viewer) return setViewer(request, viewer);
    endedSessions.add(request);
    clearSessionCookie(reply, options);
  };
}

export function setSessionCookie(reply: FastifyReply, token: string, options: SessionCookieOptions): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieAttributes(options), maxAge: options.maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply, options: SessionCookieOptions): void {
  reply.clearCookie(SESSION_COOKIE, cookieAttributes(options));
}

function cookieAttributes(options: SessionCookieOptions) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure };
}
