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
 * A way to log in other than a session token, contributed by a plugin (signed requests, say). Core asks
 * the authenticators of the enabled plugins, in boot order, for a request that has no bearer token and
 * carries one of their `headers`.
 */
export interface RequestAuthenticator {
  /** Short and unique, for logs and the viewer's `sessionId` (`<name>` stands where a session id would). */
  name: string;
  /** The headers whose presence marks a request as this authenticator's (core keeps the raw body only for those). */
  headers: readonly string[];
  /** Every header a browser sends for this log-in, which core allows in CORS preflights; `headers` when absent. */
  corsHeaders?: readonly string[];
  /**
   * The account the request acts for; null when the request is not for this authenticator. Throw
   * UnauthenticatedError with the reason when it is, and its credentials are wrong: the request is refused with 401.
   */
  authenticate(request: AuthenticationRequest, services: Services): Promise<{ accountId: string } | null>;
}
