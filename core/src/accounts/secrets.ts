import { hash, randomBytes } from 'node:crypto';

/** Prefixes make leaked secrets recognisable (to secret scanners, and to people reading logs). */
const TOKEN_PREFIX = 'cp_';
const INVITE_PREFIX = 'cpi_';

/** A bearer token: 32 random bytes, base64url, prefixed `cp_`. Only its digest is stored. */
export function newSessionToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** Quick refusal of anything that is not shaped like our tokens, before touching the database. */
export function looksLikeSessionToken(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX) && token.length === TOKEN_PREFIX.length + 43;
}

/** An invite code to hand out once; only its digest is stored. */
export function newInviteCode(): string {
  return INVITE_PREFIX + randomBytes(18).toString('base64url');
}

/**
 * sha256, hex. Enough for high-entropy secrets (tokens, invite codes): unlike passwords they
 * cannot be guessed, so a slow hash would add cost and no safety.
 */
export function digest(secret: string): string {
  // One call, no Hash object: every authenticated request digests its token.
  return hash('sha256', secret, 'hex');
}
