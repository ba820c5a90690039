/** A parsed `@user@host` handle (host with its port). */
export interface Handle {
  username: string;
  host: string;
}

/** `@user@host`, `user@host` or `acct:user@host`; null when the text is not a handle. */
export function parseHandle(text: string): Handle | null {
  const match = /^(?:acct:)?@?([^@\s/:]+)@([^@\s/?#]+)$/i.exec(text.trim());
  if (!match) return null;
  const [, username, host] = match as unknown as [string, string, string];
  try {
    const url = new URL(`https://${host}`);
    if (url.host.toLowerCase() !== host.toLowerCase() && url.hostname.toLowerCase() !== host.toLowerCase()) return null;
    return { username, host: url.host.toLowerCase() };
  } catch {
    return null;
  }
}
