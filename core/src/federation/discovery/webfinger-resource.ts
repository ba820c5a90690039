/** What a WebFinger `resource` names, as far as this server is concerned. */
export type WebFingerTarget =
  | { kind: 'local'; username: string }
  | { kind: 'elsewhere'; reason: string }
  | { kind: 'malformed'; reason: string };

// Local actors live at /actors/<username>; their profile pages at /@<username>.
const LOCAL_PATHS = [/^\/actors\/([^/]+)\/?$/, /^\/@([^/]+)\/?$/];

/**
 * Reads `acct:user@host` (host with its port, as in PUBLIC_URL) or one of our actor or profile URLs.
 * `publicHost` is PUBLIC_URL's host, port included.
 */
export function parseWebFingerResource(resource: unknown, publicHost: string): WebFingerTarget {
  if (typeof resource !== 'string' || resource.trim() === '') {
    return { kind: 'malformed', reason: 'the resource parameter is required (acct:user@host or an actor URL)' };
  }
  const text = resource.trim();
  const host = publicHost.toLowerCase();
  if (/^acct:/i.test(text)) return parseAcct(text.slice(5), host);
  if (/^https?:\/\//i.test(text)) return parseUrl(text, host);
  return { kind: 'malformed', reason: `resource "${text}" is neither an acct: URI nor an http(s) URL` };
}

function parseAcct(handle: string, publicHost: string): WebFingerTarget {
  // Some clients write acct:@user@host.
  const at = handle.lastIndexOf('@');
  const user = safeDecode(handle.slice(0, at).replace(/^@/, ''));
  const host = handle.slice(at + 1).toLowerCase();
  if (at < 0 || !user || !host || user.includes('@') || /[\s/]/.test(user)) {
    return { kind: 'malformed', reason: `acct:${handle} is not of the form acct:user@host` };
  }
  if (host !== publicHost) return { kind: 'elsewhere', reason: `${host} is not this server (${publicHost})` };
  return { kind: 'local', username: user };
}

function parseUrl(text: string, publicHost: string): WebFingerTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'malformed', reason: `resource "${text}" is not a valid URL` };
  }
  if (url.host.toLowerCase() !== publicHost) return { kind: 'elsewhere', reason: `${url.host} is not this server (${publicHost})` };
  for (const pattern of LOCAL_PATHS) {
    const match = pattern.exec(url.pathname);
    const username = match?.[1] ? safeDecode(match[1]) : null;
    if (username) return { kind: 'local', username };
  }
  return { kind: 'elsewhere', reason: `${url.pathname} is not an actor on this server` };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return '';
  }
}
