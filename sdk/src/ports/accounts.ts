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
 * so `logOut`, expiry and revocation hold for them as for any session.
 */
export interface AccountsPort {
  /**
   * The account whose username (or email) and password these are, or null. Counts toward the log-in
   * rate limit as core's logIn does (throws RateLimitedError over it).
   */
  verifyPassword(login: string, password: string, options?: { ip?: string }): Promise<{ accountId: string } | null>;
  /** A new session token for the account; `label` names the app it was issued to, in the person's list of sessions. */
  issueToken(accountId: string, options: { label: string; scopes?: readonly string[]; ttlSeconds?: number }): Promise<IssuedToken>;
  /** The viewer a token stands for, or null when unknown, expired or revoked. */
  checkToken(token: string): Promise<(Viewer & { scopes: readonly string[] }) | null>;
  revokeToken(sessionId: string): Promise<void>;
}
