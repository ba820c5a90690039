/**
 * Where "log in and come back" may send a person: a path of this instance only (`/c/x?tab=1`), never
 * another site (`//evil.example`, `/\evil.example`, `https://...`), so the login form is no open redirect.
 */
export function safeNext(next: string | undefined | null): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (/[\u0000-\u001f]/.test(next)) return undefined;
  return next;
}
