import type { Viewer } from './actors.js';

/** A token a plugin minted for an account (an OAuth access token, say). */
export interface IssuedToken {
  /** Shown once; only its hash is stored. */
  token: string;
  /** The session it is: revoking it ends the token; the person sees it in their sessions. */
  sessionId: string;
  expiresAt: Date | null;
}

/**
 * For plugins that log people in by other means than core's own log-in (the Mastodon client API's
 * OAuth): check a password, and mint, check and revoke tokens. Tokens are core sessions, stored hashed,
 * so expiry, revocation and account deletion end them as any session.
 *
 * A token is bound to the plugin that issued it, since its scopes mean something only to that plugin:
 * core's own bearer check (on /graphql and every route) refuses it, so a `read` token is never the
 * whole account; only the issuing plugin's `checkToken` knows it, and the plugin's authenticator
 * (RequestAuthenticator) is what lets a request use it, on the routes whose scopes it understands.
 */
export interface AccountsPort {
  /**
   * The account whose username (or email) and password these are, or null. Counts toward the log-in
   * rate limit as core's logIn does (throws RateLimitedError over it).
   */
  verifyPassword(login: string, password: string, options?: { ip?: string }): Promise<{ accountId: string } | null>;
  /** A new session token for the account; `label` names the app it was issued to, in the person's list of sessions. */
  issueToken(accountId: string, options: { label: string; scopes?: readonly string[]; ttlSeconds?: number }): Promise<IssuedToken>;
  /**
   * The viewer a token this plugin issued stands for, or null when unknown, expired or revoked, or
   * when another plugin issued it or it is a person's log-in session (those are not this plugin's).
   */
  checkToken(token: string): Promise<(Viewer & { scopes: readonly string[] }) | null>;
  /**
   * Ends a token this plugin issued (again is no error). Throws NotFoundError for any other session
   * id: another plugin's token, a person's log-in, or one already purged after it ended.
   */
  revokeToken(sessionId: string): Promise<void>;
}
