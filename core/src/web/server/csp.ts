import { randomBytes } from 'node:crypto';

/** A fresh nonce for one response: 128 random bits, base64 (as CSP allows). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The policy of a rendered page. Scripts run only from this origin AND with this response's nonce
 * ('strict-dynamic' lets an island's module load the chunks it imports); no inline script, no eval.
 * Styles keep 'unsafe-inline' as the rest of the instance does (React's style attributes); forms post
 * only here, and no other site may frame the page.
 */
export function pagePolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}
