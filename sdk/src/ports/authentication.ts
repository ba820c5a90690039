import type { Services } from './services.js';

/** What an authenticator sees of a request: enough to check a signature over it. */
export interface AuthenticationRequest {
  method: string;
  /** The path and query, as sent. */
  url: string;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body's bytes exactly as sent (signatures cover these); empty when there is none. */
  body: Buffer;
}

/**
 * A way to log in other than core's session tokens, contributed by a plugin (signed requests, a client
 * API's own tokens). Core checks its own bearer tokens (log-in sessions) first, since one is never a
 * plugin's and the check is one lookup; then it asks the authenticators of the enabled plugins, in boot order:
 * - for a request without `Authorization` that carries one of their `headers`;
 * - for a request whose `Authorization` is not one of core's log-in sessions (an unknown bearer token,
 *   a token the plugin issued through its AccountsPort, another scheme), the first whose
 *   `authorizationSchemes` name its scheme and whose `claims` says it is theirs.
 * An `Authorization` header no authenticator claims and core does not know is refused with 401.
 *
 * The account an authenticator returns acts with its full rights on the request, whatever route it
 * is; an authenticator whose tokens are scoped (AccountsPort.issueToken's `scopes`) accepts them only
 * on the routes those scopes allow (`request.url`), and refuses them elsewhere (/graphql, say).
 */
export interface RequestAuthenticator {
  /** Short and unique, for logs and the viewer's `sessionId` (`<name>` stands where a session id would). */
  name: string;
  /** The headers whose presence marks a request as this authenticator's (core keeps the raw body only for those). */
  headers: readonly string[];
  /**
   * `Authorization` schemes (`Bearer`, `Basic`...; any case) this authenticator may claim, for headers
   * that are not core's log-in sessions. Without it the authenticator never sees an `Authorization` header.
   * Tokens from AccountsPort.issueToken look like core's (`cp_...`): to claim them, claim `Bearer cp_`
   * headers or wrap them in a format of the plugin's own.
   */
  authorizationSchemes?: readonly string[];
  /**
   * Whether an `Authorization` header of one of `authorizationSchemes` is this authenticator's (its own
   * token format, say): cheap and synchronous, no I/O. Absent: every header of those schemes is claimed.
   * A claimed request goes to `authenticate`, whose null or UnauthenticatedError is then a 401.
   */
  claims?(authorization: string): boolean;
  /** Every header a browser sends for this log-in, which core allows in CORS preflights; `headers` when absent. */
  corsHeaders?: readonly string[];
  /**
   * The account the request acts for; null when the request is not for this authenticator. Throw
   * UnauthenticatedError with the reason when it is, and its credentials are wrong: the request is refused with 401.
   */
  authenticate(request: AuthenticationRequest, services: Services): Promise<{ accountId: string } | null>;
}
